package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The client/server library scenarios (src/clients-app/java, package org.example.clients), compiled once per test
 * JVM against target/clients-libs (copied there by the pom's maven-dependency-plugin, execution clients-app-libs;
 * never on this test's class path), and the class path of each library stack: the compiled classes plus only that
 * stack's jars, so each run shows one library as an application would have it.
 */
final class ClientsApp {

    static final String MAIN_CLASS = "org.example.clients.ClientsApp";
    static final String SERVICE = "clients-app";
    static final String CODE_PACKAGE = "org.example.clients.";

    /** A library stack: the artifacts (jar name prefixes) it needs at run time, and where they were copied. */
    enum Stack {
        POSTGRESQL_JDBC("socketwatch.clients.libs", "postgresql"),
        APACHE_HTTPCLIENT_5("socketwatch.clients.libs", "httpclient5", "httpcore5", "httpcore5-h2", "slf4j-api"),
        /**
         * OkHttp 4.12 (the last 4.x; runs on Java 8+), the copy OwnOpenTelemetryIT's application has (app-libs).
         * Not OkHttp 5: it connects on its own TaskRunner threads (fast fallback), so a refused connect has no
         * application frame on its stack.
         */
        OKHTTP_4("socketwatch.app.libs", "okhttp", "okio-jvm", "kotlin-stdlib", "kotlin-stdlib-jdk7",
                "kotlin-stdlib-jdk8"),
        TOMCAT_10("socketwatch.clients.libs", "tomcat-embed-core", "tomcat-annotations-api");

        private final String libsProperty;
        private final List<String> artifacts;

        Stack(String libsProperty, String... artifacts) {
            this.libsProperty = libsProperty;
            this.artifacts = List.of(artifacts);
        }
    }

    private static volatile Path classes;

    private ClientsApp() {
    }

    /** The class path that runs the scenarios of {@code stack}. */
    static String classPath(Stack stack) {
        List<String> entries = new ArrayList<>();
        entries.add(compiled().toString());
        Path libs = libsDirectory(stack.libsProperty);
        for (String artifact : stack.artifacts) {
            entries.add(jar(libs, artifact).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The version in the jar name of {@code artifact} of this stack, e.g. "42.7.13" for postgresql. */
    static String version(Stack stack, String artifact) {
        String name = jar(libsDirectory(stack.libsProperty), artifact).getFileName().toString();
        return name.substring(artifact.length() + 1, name.length() - ".jar".length());
    }

    private static Path compiled() {
        Path result = classes;
        if (result == null) {
            synchronized (ClientsApp.class) {
                result = classes;
                if (result == null) {
                    Path source = ChildPrograms.existingDirectory("socketwatch.clients-app.source",
                            "src/clients-app/java", "the client library scenarios' source, in integration-tests");
                    Path target = Paths.get(System.getProperty("socketwatch.clients-app.classes",
                            "target/clients-app/classes")).toAbsolutePath().normalize();
                    List<Path> libs = jars(libsDirectory("socketwatch.clients.libs"));
                    ChildPrograms.compile(source, libs, target);
                    classes = target;
                    result = target;
                }
            }
        }
        return result;
    }

    private static Path libsDirectory(String property) {
        return ChildPrograms.existingDirectory(property, "socketwatch.app.libs".equals(property) ? "target/app-libs"
                : "target/clients-libs", "copied by maven-dependency-plugin in generate-test-resources");
    }

    private static List<Path> jars(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one jar of {@code artifact} (name "artifact-<version>.jar") in {@code directory}. */
    private static Path jar(Path directory, String artifact) {
        Pattern name = Pattern.compile(Pattern.quote(artifact) + "-\\d[^/]*\\.jar");
        List<Path> found = jars(directory).stream().filter(f -> name.matcher(f.getFileName().toString()).matches())
                .collect(Collectors.toList());
        assertEquals(1, found.size(), "exactly one " + artifact + " jar in " + directory + ": " + found);
        return found.get(0);
    }
}
