package io.socketwatch.agent.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * Hands the agent method handles on JDK internals (SocketImpl fields, the FIONREAD probe). The agent opens java.net
 * and sun.nio.ch to the bootstrap class loader's unnamed module only, where this class lives: opening them to the
 * class path's unnamed module would also open them to the application and change what its own reflection can do
 * (Netty, for one, switches implementation when it can reach sun.nio.ch).
 */
public final class JdkAccess {

    private JdkAccess() {
    }

    /** A handle on a declared method of {@code owner} whatever its access, or null if this JDK has none. */
    public static MethodHandle method(Class<?> owner, String name, Class<?>... parameterTypes) {
        try {
            java.lang.reflect.Method m = owner.getDeclaredMethod(name, parameterTypes);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflect(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A handle on a declared constructor of {@code owner} whatever its access, or null if this JDK has none. */
    public static MethodHandle constructor(Class<?> owner, Class<?>... parameterTypes) {
        try {
            java.lang.reflect.Constructor<?> c = owner.getDeclaredConstructor(parameterTypes);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectConstructor(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** A getter on a declared field of {@code owner} whatever its access, or null if this JDK has none. */
    public static MethodHandle getter(Class<?> owner, String name) {
        try {
            java.lang.reflect.Field f = owner.getDeclaredField(name);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).unreflectGetter(f);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
