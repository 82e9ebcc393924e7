package io.socketwatch.agent.bootstrap;

/**
 * What the inlined advice reports, implemented by the agent (in its own class loader). Lives on the bootstrap class
 * path with {@link Bridge}, so it may use JDK types only. Sockets are passed as {@code Object}: a
 * {@code java.net.SocketImpl} or a {@code java.nio.channels.SocketChannel}.
 */
public interface SocketEvents {

    /** A connect attempt ended; {@code failure} is null when it succeeded or is still pending (non-blocking). */
    void connectEnded(Object socket, Object remote, boolean connected, Throwable failure);

    /** An accept ended on {@code listener}; {@code accepted} is the new connection, null on failure. */
    void acceptEnded(Object listener, Object accepted, Throwable failure);

    /** A read, write or other operation ({@link Bridge} operation code) threw {@code failure}. */
    void operationFailed(int operation, Object socket, Throwable failure);

    /**
     * A read on {@code socket} returned {@code n} (bytes, or -1 at end-of-stream; never 0), and the socket has no
     * slot in {@link TrafficIndex}: connections that have one are recorded by the bridge itself.
     */
    default void dataRead(Object socket, long n) {
    }

    /** A write on {@code socket} without a slot in {@link TrafficIndex} wrote {@code n} bytes (never 0). */
    default void dataWritten(Object socket, long n) {
    }

    /** The application is closing {@code socket}; called before the file descriptor is released. */
    void closing(Object socket);

    /** {@code option} (a SocketOption, or a java.net.SocketOptions Integer id) was set to {@code value}. */
    void optionSet(Object socket, Object option, Object value);

    /**
     * An asynchronous channel operation failed. {@code later}: found on the channel group's thread after the
     * operation went pending, so the application learns of it only when its completion handler or future gets it
     * ({@link #asyncFailureCollected}); otherwise found on the thread that started the operation.
     */
    default void asyncFailed(int operation, Object channel, Throwable failure, boolean later) {
    }

    /**
     * The application is getting an asynchronous {@code failure}: {@code consumer} is the completion handler about
     * to run, or the future whose get() is throwing {@code thrown} (null for a handler).
     */
    default void asyncFailureCollected(Throwable failure, Object consumer, Throwable thrown) {
    }

    /** See {@link Bridge#tlsSocketReady}. Default methods keep handlers written before TLS support valid. */
    default void tlsSocketReady(Object sslSocket) {
    }

    /** See {@link Bridge#tlsFailing}. */
    default void tlsFailing(Object context, Object alert, boolean received, Throwable cause) {
    }

    /** See {@link Bridge#tlsFailed}. */
    default void tlsFailed(Object context, Throwable failure) {
    }

    /**
     * Any TLS implementation over any transport: {@code engine} (a javax.net.ssl.SSLEngine) carries its records over
     * {@code transport} (a SocketChannel or SocketImpl). Integrations that know the pairing call it (the JDK
     * HttpClient's exchange hook does).
     */
    default void tlsEngineBound(Object engine, Object transport) {
    }

    /** See {@link Bridge#httpRequestCreated}. */
    default void httpRequestCreated(Object request) {
    }

    /** See {@link Bridge#httpConnecting}. */
    default void httpConnecting(Object connection, Object exchange) {
    }

    /** See {@link Bridge#httpExchangeCreated}. */
    default void httpExchangeCreated(Object exchange) {
    }

    /** The handler itself failed; the failure was contained. */
    void internalError(Throwable error);

    /** Netty: {@code channel} was constructed; {@code parent} is the server channel that accepted it, or null. */
    default void nettyChannelCreated(Object channel, Object parent) {
    }

    /** Netty's NIO transport: {@code channel} (accepted by {@code parent}, or null) wraps {@code jdkChannel}. */
    default void nettyChannelWraps(Object channel, Object parent, Object jdkChannel) {
    }

    /**
     * Netty's native transport: an operation ({@link Bridge} code) on {@code channel} threw {@code failure};
     * {@code remote} is the address being connected to, when known.
     */
    default void nettyChannelFailed(int operation, Object channel, Object remote, Throwable failure) {
    }

    /** See {@link Bridge#nettyTlsHandlerAdded}. */
    default void nettyTlsHandlerAdded(Object engine, Object ctx) {
    }
}
