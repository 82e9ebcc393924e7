package io.socketwatch.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the two small jars the start-up benchmark runs, from this module's own classes: the start-up programs
 * alone (a real hello world's class path, not this uber-jar with JMH in it) and the empty agent.
 */
public final class StartupJars {

    private StartupJars() {
    }

    /** hello.jar: HelloWorld, HelloSocket and what they print at exit. */
    public static Path programs(Path dir) throws IOException {
        return write(dir.resolve("hello.jar"), null, HelloWorld.class, HelloSocket.class, ExitReport.class);
    }

    /** empty-agent.jar: a Premain-Class whose premain does nothing. */
    public static Path emptyAgent(Path dir) throws IOException {
        return write(dir.resolve("empty-agent.jar"), EmptyAgent.class.getName(), EmptyAgent.class);
    }

    private static Path write(Path jar, String premainClass, Class<?>... classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (premainClass != null) {
            manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), premainClass);
        }
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream bytes = StartupJars.class.getClassLoader().getResourceAsStream(entry)) {
                    if (bytes == null) {
                        throw new IOException("class file not found: " + entry);
                    }
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The greeting each program prints first, to check it ran. */
    public static String greeting(Class<?> program) {
        return program == HelloSocket.class ? "Hello, socket" : "Hello, world";
    }

    public static String reportPrefix() {
        return ExitReport.PREFIX;
    }
}
