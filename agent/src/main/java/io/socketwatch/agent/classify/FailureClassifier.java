package io.socketwatch.agent.classify;

import java.util.Locale;

/**
 * Maps a failed socket operation to its {@code error.type}.
 *
 * <p>Order of evidence: the exception's type, then the JDK's fixed (locale-independent) texts, then, as a last
 * resort, the kernel's strerror text in English. strerror text follows the process locale (the launcher calls
 * setlocale), so under another locale such failures fall through to {@link ErrorType#OTHER} rather than being
 * guessed. Types are matched by name so that classes the agent cannot link against (sun.net, javax.net.ssl in a
 * trimmed runtime) still classify.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /**
     * The error type of {@code failure} thrown by {@code operation}, or null when it is not a socket failure worth
     * reporting: an accept that timed out only means no client arrived in the application's polling interval, and
     * an accept that ended because the application closed its own listener (from another thread, typically at
     * shutdown) is the application's own action, not a failure (see {@link #ownListenerClosed}).
     */
    public static ErrorType classify(Operation operation, Throwable failure) {
        ErrorType type = classifyAny(operation, failure);
        return ownListenerClosed(operation, type) ? null : type;
    }

    /**
     * The error type of a failure an asynchronous channel hands to its completion handler or Future, or null. As
     * {@link #classify}, except that an operation ended by the application closing its own channel
     * (AsynchronousCloseException) is not a failure: an asynchronous connection nearly always has a read pending,
     * so closing it is how an application ends every connection, and each close would otherwise count as one.
     */
    public static ErrorType classifyAsync(Operation operation, Throwable failure) {
        ErrorType type = classify(operation, failure);
        return type == ErrorType.ASYNC_CLOSE ? null : type;
    }

    /**
     * An accept that failed because the listener is closed: SocketException("Socket closed") from ServerSocket,
     * AsynchronousCloseException from ServerSocketChannel and AsynchronousServerSocketChannel. Only this process can
     * close its listener, and it does so at every graceful shutdown while an acceptor thread is blocked: counting
     * that as a socket failure would raise socketwatch.errors on every deploy and teach people to ignore it.
     * (An interrupted accept stays reported as {@code interrupted}: an interrupt closes the listener as a side
     * effect, which is worth seeing.)
     */
    static boolean ownListenerClosed(Operation operation, ErrorType type) {
        return operation == Operation.ACCEPT && (type == ErrorType.SOCKET_CLOSED || type == ErrorType.ASYNC_CLOSE);
    }

    private static ErrorType classifyAny(Operation operation, Throwable failure) {
        if (failure == null) {
            return null;
        }
        if (isA(failure, "java.nio.channels.InterruptedByTimeoutException")) {
            // AsynchronousSocketChannel read/write timeouts (its Future API has none; connect has none at all).
            return operation == Operation.WRITE ? ErrorType.WRITE_TIMEOUT : ErrorType.READ_TIMEOUT;
        }
        if (isA(failure, "java.net.SocketTimeoutException")) {
            return timeout(operation);
        }
        ErrorType byType = byType(operation, failure);
        if (byType != null) {
            return byType;
        }
        return byMessage(operation, failure.getMessage());
    }

    /** SO_TIMEOUT and connect timeouts; an accept timeout is the application polling, not a failure. */
    private static ErrorType timeout(Operation operation) {
        switch (operation) {
            case CONNECT: return ErrorType.CONNECT_TIMEOUT;
            case ACCEPT: return null;
            default: return ErrorType.READ_TIMEOUT;
        }
    }

    private static ErrorType byType(Operation operation, Throwable failure) {
        if (isA(failure, "java.nio.channels.ClosedByInterruptException")
                || isA(failure, "java.io.InterruptedIOException")) {
            return ErrorType.INTERRUPTED;
        }
        if (isA(failure, "java.nio.channels.AsynchronousCloseException")) {
            return ErrorType.ASYNC_CLOSE;
        }
        if (isA(failure, "java.nio.channels.ClosedChannelException")) {
            return ErrorType.SOCKET_CLOSED;
        }
        if (isA(failure, "sun.net.ConnectionResetException")) {
            return ErrorType.CONNECTION_RESET;
        }
        if (isA(failure, "java.net.NoRouteToHostException")) {
            return ErrorType.HOST_UNREACHABLE;
        }
        if (isA(failure, "java.net.ConnectException")) {
            // The JDK raises ConnectException for ECONNREFUSED and ETIMEDOUT alike (Net.c handleSocketError);
            // only the strerror text tells them apart, and refused is what nearly every one of them is.
            ErrorType byMessage = byMessage(operation, failure.getMessage());
            return byMessage == ErrorType.OTHER ? ErrorType.CONNECTION_REFUSED : byMessage;
        }
        if (isA(failure, "javax.net.ssl.SSLException")) {
            return ErrorType.TLS;
        }
        return null;
    }

    private static ErrorType byMessage(Operation operation, String message) {
        if (message == null) {
            return ErrorType.OTHER;
        }
        String text = message.toLowerCase(Locale.ROOT);
        // Fixed JDK texts (NioSocketImpl, SocketChannelImpl, java.net.Socket, JDK 11's PlainSocketImpl).
        if (text.equals("connection reset")) {
            return ErrorType.CONNECTION_RESET;
        }
        if (text.equals("socket closed") || text.equals("socket is closed")
                || text.equals("socket input is shutdown") || text.equals("socket output is shutdown")
                || text.equals("socket is not connected") && operation != Operation.CONNECT) {
            return ErrorType.SOCKET_CLOSED;
        }
        if (text.equals("closed by interrupt")) {
            return ErrorType.INTERRUPTED;
        }
        if (text.equals("connect timed out")) {
            return ErrorType.CONNECT_TIMEOUT;
        }
        if (text.equals("read timed out")) {
            return ErrorType.READ_TIMEOUT;
        }
        // glibc strerror texts in the C/English locale, possibly decorated by the JDK ("Broken pipe (Write failed)",
        // "Connection refused (connect failed)") or by Netty ("recvAddress(..) failed: Connection reset by peer").
        if (text.contains("connection reset")) {
            return ErrorType.CONNECTION_RESET;
        }
        if (text.contains("broken pipe")) {
            return ErrorType.BROKEN_PIPE;
        }
        if (text.contains("connection refused")) {
            return ErrorType.CONNECTION_REFUSED;
        }
        if (text.contains("software caused connection abort") || text.contains("connection aborted")) {
            return ErrorType.CONNECTION_ABORTED;
        }
        if (text.contains("connection timed out")) {
            return ErrorType.TIMED_OUT;
        }
        if (text.contains("no route to host")) {
            return ErrorType.HOST_UNREACHABLE;
        }
        if (text.contains("network is unreachable")) {
            return ErrorType.NETWORK_UNREACHABLE;
        }
        // EMFILE ("Too many open files") and ENFILE ("Too many open files in system"): accept could not get a
        // descriptor for the new connection, which stays in the listen queue (Linux accept(2)).
        if (text.contains("too many open files")) {
            return ErrorType.TOO_MANY_OPEN_FILES;
        }
        return ErrorType.OTHER;
    }

    /** True if {@code failure}'s class or a superclass has the given name. */
    private static boolean isA(Throwable failure, String className) {
        for (Class<?> c = failure.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
