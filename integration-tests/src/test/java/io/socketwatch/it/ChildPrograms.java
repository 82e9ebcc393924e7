package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Small applications that the integration tests run in child JVMs, kept as sources under {@code src/<name>/java}
 * and compiled here, with {@code --release 11} so that every tested JDK runs them: not on the test class path, and
 * not in the sample app (whose output and scenario list stay what they are).
 */
final class ChildPrograms {

    private static volatile String stressAppClassPath;
    private static final java.util.Map<String, String> PROGRAMS = new java.util.concurrent.ConcurrentHashMap<>();

    private ChildPrograms() {
    }

    /**
     * The stress applications (src/stress-app/java, package org.example.stress: ResetStorm, Churn), compiled once
     * per test JVM; returns their class path.
     */
    static String stressApp() {
        String classPath = stressAppClassPath;
        if (classPath == null) {
            synchronized (ChildPrograms.class) {
                classPath = stressAppClassPath;
                if (classPath == null) {
                    Path source = existingDirectory("socketwatch.stress-app.source", "src/stress-app/java",
                            "the stress applications' source, in the integration-tests module");
                    Path classes = Paths.get(System.getProperty("socketwatch.stress-app.classes",
                            "target/stress-app/classes")).toAbsolutePath().normalize();
                    classPath = compile(source, List.of(), classes);
                    stressAppClassPath = classPath;
                }
            }
        }
        return classPath;
    }

    /**
     * The child programs under {@code src/<name>/java} (in the integration-tests module), compiled once per test JVM
     * into {@code target/<name>/classes} with {@code --release <release>}; returns their class path. A program for
     * JDK 21+ APIs (virtual threads) is compiled with its release, so that it can only run where they exist.
     */
    static String program(String name, int release) {
        return PROGRAMS.computeIfAbsent(name + "@" + release, key -> {
            Path source = existingDirectory("socketwatch." + name + ".source", "src/" + name + "/java",
                    "the " + name + " child programs' source, in the integration-tests module");
            Path classes = Paths.get("target/" + name + "/classes").toAbsolutePath().normalize();
            return compile(source, List.of(), classes, release);
        });
    }

    /**
     * Compiles every .java file under {@code source} against {@code libs} into {@code classes} (emptied first) with
     * {@code --release 11}; fails the test with javac's diagnostics if that fails. Returns the class path that runs
     * the result: {@code classes}, then {@code libs}.
     */
    static String compile(Path source, List<Path> libs, Path classes) {
        return compile(source, libs, classes, 11);
    }

    static String compile(Path source, List<Path> libs, Path classes, int release) {
        try {
            List<Path> sources;
            try (Stream<Path> files = Files.walk(source)) {
                sources = files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
            }
            if (sources.isEmpty()) {
                fail("no .java files under " + source);
            }
            deleteRecursively(classes);
            Files.createDirectories(classes);
            javac(sources, libs, classes, release);
        } catch (IOException e) {
            throw new AssertionError("cannot compile " + source + " into " + classes, e);
        }
        List<String> entries = new ArrayList<>();
        entries.add(classes.toString());
        libs.forEach(lib -> entries.add(lib.toString()));
        return String.join(File.pathSeparator, entries);
    }

    /** The directory named by system property {@code property} (set by the pom), else {@code fallback}; must exist. */
    static Path existingDirectory(String property, String fallback, String what) {
        Path dir = Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail(dir + " does not exist (system property " + property + "): " + what
                    + "; run the integration tests through Maven (`mvn -B verify` from the root)");
        }
        return dir;
    }

    private static void javac(List<Path> sources, List<Path> libs, Path classes, int release) throws IOException {
        if (release > Runtime.version().feature()) {
            externalJavac(sources, libs, classes, release);
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            fail("no Java compiler in the JDK running the tests (" + System.getProperty("java.home")
                    + "): the integration tests need a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter output = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(List.of("--release", Integer.toString(release), "-d",
                    classes.toString(), "-g"));
            if (!libs.isEmpty()) {
                options.add("-cp");
                options.add(libs.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            }
            boolean ok = javac.getTask(output, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                fail("compiling " + sources + " with " + options + " failed:\n"
                        + diagnostics.getDiagnostics().stream().map(Object::toString)
                        .collect(Collectors.joining("\n")) + "\n" + output);
            }
        }
    }

    /**
     * A release newer than the JDK running the tests (JDK 17 runs Maven; virtual threads need 21): compiled by the
     * javac of the first tested JDK that has it, as a separate process.
     */
    private static void externalJavac(List<Path> sources, List<Path> libs, Path classes, int release)
            throws IOException {
        Jdk jdk = java.util.Arrays.stream(Jdk.values()).filter(j -> j.major() >= release).findFirst()
                .orElseThrow(() -> new AssertionError("no tested JDK compiles --release " + release));
        jdk.javaBinary(); // fails with a clear message if that JDK is missing
        List<String> command = new ArrayList<>(List.of(jdk.home().resolve("bin").resolve("javac").toString(),
                "--release", Integer.toString(release), "-g", "-d", classes.toString()));
        if (!libs.isEmpty()) {
            command.add("-cp");
            command.add(libs.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        }
        sources.forEach(source -> command.add(source.toString()));
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (javac.waitFor() != 0) {
                fail(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted compiling " + sources, e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(f);
            }
        }
    }
}
