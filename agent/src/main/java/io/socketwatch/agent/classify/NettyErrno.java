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
    private static final String MESSAGE_MARK = "(..) failed with error(";

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
            int written = errnoInMessage(t.getMessage());
            if (written != 0) {
                return written;
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

    /**
     * Netty 4.1.128+ and 4.2.7+ also write the errno into the message of exceptions that do not carry it, such as
     * the plain ConnectException of a failed epoll connect: "finishConnect(..) failed with error(-111): Connection
     * refused" (the text after the colon is strerror in the process locale, the number is not). Returns the errno
     * (positive), or 0 when the message has no such part.
     */
    static int errnoInMessage(String message) {
        int at = message == null ? -1 : message.indexOf(MESSAGE_MARK);
        if (at < 0) {
            return 0;
        }
        int start = at + MESSAGE_MARK.length();
        int end = message.indexOf(')', start);
        if (end < 0) {
            return 0;
        }
        try {
            return Math.abs(Integer.parseInt(message.substring(start, end)));
        } catch (NumberFormatException e) {
            return 0;
        }
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
