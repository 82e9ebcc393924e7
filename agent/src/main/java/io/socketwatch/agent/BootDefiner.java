package io.socketwatch.agent;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/**
 * Defines classes in the bootstrap class loader through jdk.internal.misc.Unsafe.defineClass (JDK 11 to 25).
 * {@link BootstrapInjector} loads this class alone into a throwaway class loader and exports jdk.internal.misc to
 * that loader's module only, so neither the agent's other classes nor the application gain access. JDK types only:
 * its class loader sees nothing else.
 */
public final class BootDefiner {

    private BootDefiner() {
    }

    public static void define(String[] names, byte[][] classFiles) throws ReflectiveOperationException {
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (int i = 0; i < names.length; i++) {
            defineClass.invoke(unsafe, names[i], classFiles[i], 0, classFiles[i].length, null, null);
        }
    }
}
