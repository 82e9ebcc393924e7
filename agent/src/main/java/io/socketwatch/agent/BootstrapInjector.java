package io.socketwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes into the bootstrap class loader, where advice inlined into java.base can see them. Only
 * these few JDK-only classes go there, never the rest of the agent.
 *
 * <p>The classes are defined directly rather than appended with appendToBootstrapClassLoaderSearch: an appended
 * boot class path makes HotSpot turn off class data sharing for every non-boot class (it prints "Sharing is only
 * supported for boot loader classes because bootstrap classpath has been appended" on every start) and slows the
 * application's start-up. Appending remains the fallback.
 */
final class BootstrapInjector {

    /** Every class of the bootstrap package but OutOfLine, a build-time mark never loaded (BootstrapInjectorTest). */
    static final String[] BOOTSTRAP_CLASSES = {
        "io.socketwatch.agent.bootstrap.SocketEvents",
        "io.socketwatch.agent.bootstrap.CoarseTime",
        "io.socketwatch.agent.bootstrap.Traffic",
        "io.socketwatch.agent.bootstrap.TrafficIndex",
        "io.socketwatch.agent.bootstrap.Bridge",
        "io.socketwatch.agent.bootstrap.JdkAccess",
    };

    private BootstrapInjector() {
    }

    static void inject(Instrumentation instrumentation, boolean debug) throws IOException {
        byte[][] classFiles = new byte[BOOTSTRAP_CLASSES.length][];
        for (int i = 0; i < BOOTSTRAP_CLASSES.length; i++) {
            classFiles[i] = classFile(BOOTSTRAP_CLASSES[i]);
        }
        try {
            defineDirectly(instrumentation, classFiles);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (debug) {
                System.err.println("socketwatch [debug] defining the bridge directly failed (" + e
                        + "); appending it to the boot class path instead");
            }
            append(instrumentation, classFiles);
        }
    }

    private static void defineDirectly(Instrumentation instrumentation, byte[][] classFiles)
            throws ReflectiveOperationException, IOException {
        Class<?> definer = new IsolatedLoader().define(BootDefiner.class.getName(),
                classFile(BootDefiner.class.getName()));
        instrumentation.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", Set.of(definer.getModule())), Map.of(), Set.of(), Map.of());
        definer.getMethod("define", String[].class, byte[][].class).invoke(null, BOOTSTRAP_CLASSES, classFiles);
    }

    private static void append(Instrumentation instrumentation, byte[][] classFiles) throws IOException {
        Path jar = Files.createTempFile("socketwatch-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (int i = 0; i < BOOTSTRAP_CLASSES.length; i++) {
                out.putNextEntry(new JarEntry(BOOTSTRAP_CLASSES[i].replace('.', '/') + ".class"));
                out.write(classFiles[i]);
                out.closeEntry();
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    private static byte[] classFile(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the agent jar lacks " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** A class loader of its own, so that its unnamed module is not the application's. */
    private static final class IsolatedLoader extends ClassLoader {
        IsolatedLoader() {
            super(null);
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
    }
}
