package io.socketwatch.agent.classify;

/**
 * Maps the errno of a failed socket system call to its {@code error.type}: for failures that carry the errno itself
 * (Netty's native transports), which is locale independent and stable where the strerror text is not.
 *
 * <p>The numbers are Linux's (include/uapi/asm-generic/errno-base.h and errno.h; the same on x86_64 and aarch64),
 * the only platform whose native transport the agent hooks (epoll). An errno not in the table is {@code other}:
 * no classification is better than a wrong one.
 */
public final class ErrnoClassifier {

    public static final int EBADF = 9;
    public static final int EPIPE = 32;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;
    public static final int ESHUTDOWN = 108;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;

    private ErrnoClassifier() {
    }

    /**
     * The error type of {@code operation} failing with {@code errno} (positive, as in errno.h). Netty hands errno
     * negated ({@code NativeIoException.expectedErr()}); a negative value is taken as such.
     */
    public static ErrorType classify(Operation operation, int errno) {
        switch (Math.abs(errno)) {
            case ECONNRESET:
                return ErrorType.CONNECTION_RESET;
            case EPIPE:
                return ErrorType.BROKEN_PIPE;
            case ECONNREFUSED:
                return ErrorType.CONNECTION_REFUSED;
            case ECONNABORTED:
                return ErrorType.CONNECTION_ABORTED;
            case ETIMEDOUT:
                // The kernel gave up (SYN or data retransmissions, keepalive): not the application's own timeout.
                return ErrorType.TIMED_OUT;
            case EHOSTUNREACH:
                return ErrorType.HOST_UNREACHABLE;
            case ENETUNREACH:
            case ENETDOWN:
                return ErrorType.NETWORK_UNREACHABLE;
            case EBADF:
            case ENOTCONN:
                // The descriptor was already closed, or the socket shut down / never connected: a use after close.
                return operation == Operation.CONNECT ? ErrorType.OTHER : ErrorType.SOCKET_CLOSED;
            case ESHUTDOWN:
                return ErrorType.SOCKET_CLOSED;
            default:
                return ErrorType.OTHER;
        }
    }
}
