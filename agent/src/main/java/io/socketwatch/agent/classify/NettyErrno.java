package io.socketwatch.agent.classify;

import java.lang.reflect.Method;

/**
 * Reads the errno that Netty's native transports attach to their exceptions: {@code Errors.NativeIoException}
 * (read, write and, on some versions, connect failures) and {@code Errors.NativeConnectException} carry it as
 * {@code expectedErr()}, a NEGATIVE errno (Netty's JNI calls return -errno). Their message ("recvAddress(..) failed:
 * Connection reset by peer", since 4.1.128 also "... failed with error(-104): ...") changed between versions and is
 * strerror text in the process locale, so the number is the evidence to use.
 *
 * <p>Matched by class-name suffix, so that a relocated copy of Netty (e.g. io.grpc.netty.shaded.io.netty...) counts
 * too, and read reflectively: the agent does not link against Netty.
 */
public final class NettyErrno {

    private static final String NATIVE_IO = "netty.channel.unix.Errors$NativeIoException";
    private static final String NATIVE_CONNECT = "netty.channel.unix.Errors$NativeConnectException";

    private NettyErrno() {
    }

    /**
     * The errno (positive) carried by {@code failure} or one of its causes, or 0 when none carries one (a JDK
     * exception, or a Netty exception without an errno such as its plain ConnectException).
     */
    public static int of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 8; t = t.getCause(), depth++) {
            String name = t.getClass().getName();
            if (name.endsWith(NATIVE_IO) || name.endsWith(NATIVE_CONNECT)) {
                int errno = expectedErr(t);
                if (errno != 0) {
                    return Math.abs(errno);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return 0;
    }

    /** {@code error.type} by errno when the failure carries one, else by the JDK's exception types and texts. */
    public static ErrorType classify(Operation operation, Throwable failure) {
        int errno = of(failure);
        return errno != 0 ? ErrnoClassifier.classify(operation, errno) : FailureClassifier.classify(operation, failure);
    }

    private static int expectedErr(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod("expectedErr");
                if (method.getReturnType() != int.class) {
                    return 0;
                }
                // NativeConnectException and its accessor are package-private; NativeIoException's are public.
                method.setAccessible(true);
                return (Integer) method.invoke(t);
            } catch (NoSuchMethodException e) {
                // declared further up, if anywhere
            } catch (ReflectiveOperationException | RuntimeException e) {
                return 0; // e.g. Netty in a named module that does not open the package: fall back to the type
            }
        }
        return 0;
    }
}
