package io.socketwatch.agent.instrument;

import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Where socket I/O passes through the JDK, per release (build-support/JDK-INTERNALS.md has the signatures read from
 * JDK 11, 17 and 25). Each layer is hooked once, at the lowest point every public API funnels into, so that a
 * failure is seen once: java.net.Socket over its SocketImpl, the socket adaptor over its channel.
 */
public final class JdkTargets {

    private static final int ANY = Integer.MAX_VALUE;

    private JdkTargets() {
    }

    public static List<JdkTarget> all() {
        return List.of(nioSocketImpl(), plainSocketImpl(), socketInputStream(), socketOutputStream(),
                socketChannelImpl(), serverSocketChannelImpl(), asyncSocketChannelBase(), asyncSocketChannel(),
                asyncTimeoutTask("$1"), asyncTimeoutTask("$2"), asyncServerSocketChannel(), asyncHandlerInvoker(),
                asyncPendingFuture(), sslSocketImpl(), tlsTransportContext(), httpClientRequest(), httpClientExchange(),
                httpClientTlsConnection());
    }

    /**
     * SSLSocket (client, server, layered over an existing Socket): doneConnect() is where all three kinds get their
     * transport streams, before any TLS byte moves, so the transport connection is known to carry TLS from its first
     * byte on.
     */
    static JdkTarget sslSocketImpl() {
        return new JdkTarget("sun.security.ssl.SSLSocketImpl", 11, ANY, List.of(
                Hook.of("doneConnect", HookKind.TLS_SOCKET_READY, "TLS marks on SSLSocket transport failures")));
    }

    /**
     * Every fatal TLS failure of SSLSocket and SSLEngine alike goes through TransportContext.fatal (sent or received
     * alert, handshake failure, and the transport failures the TLS layer rethrows).
     */
    static JdkTarget tlsTransportContext() {
        return new JdkTarget("sun.security.ssl.TransportContext", 11, ANY, List.of(
                Hook.ofDescriptor("fatal", HookKind.TLS_FATAL, "TLS handshake and alert failures",
                        "(Lsun/security/ssl/Alert;Ljava/lang/String;ZLjava/lang/Throwable;)")));
    }

    /**
     * The JDK HttpClient (java.net.http, platform class loader): a request is created on the application's thread;
     * its I/O then runs on the client's selector and executor threads, where no application frame is left.
     */
    static JdkTarget httpClientRequest() {
        return new JdkTarget("jdk.internal.net.http.MultiExchange", 11, ANY, List.of(
                Hook.anyParameters("<init>", HookKind.HTTP_REQUEST, "the call site of JDK HttpClient requests")))
                .inPlatformLoader();
    }

    /**
     * An HTTPS connection of the JDK HttpClient, once it has both its SSLEngine and its SocketChannel. With the default
     * HTTP/2 preference the TLS handshake (ALPN) runs before any HTTP/1.1 exchange exists: pairing them here marks
     * that handshake's failures too.
     */
    static JdkTarget httpClientTlsConnection() {
        return new JdkTarget("jdk.internal.net.http.AsyncSSLConnection", 11, ANY, List.of(
                Hook.anyParameters("<init>", HookKind.HTTP_EXCHANGE, "TLS marks on JDK HttpClient HTTPS connections"),
                Hook.ofDescriptor("connectAsync", HookKind.HTTP_CONNECTING,
                        "the call site of JDK HttpClient HTTPS requests whose handshake fails under HTTP/2 preference",
                        "(Ljdk/internal/net/http/Exchange;)")))
                .inPlatformLoader();
    }

    /** An HTTP/1.1 exchange of the JDK HttpClient bound to its connection (new or pooled). */
    static JdkTarget httpClientExchange() {
        return new JdkTarget("jdk.internal.net.http.Http1Exchange", 11, ANY, List.of(
                Hook.ofDescriptor("<init>", HookKind.HTTP_EXCHANGE, "the call site of JDK HttpClient requests",
                        "(Ljdk/internal/net/http/Exchange;Ljdk/internal/net/http/HttpConnection;)")))
                .inPlatformLoader();
    }

    /** java.net.Socket and ServerSocket on JDK 13+ (JEP 353): the impl streams call its private read/write. */
    static JdkTarget nioSocketImpl() {
        return new JdkTarget("sun.nio.ch.NioSocketImpl", 13, ANY, List.of(
                Hook.of("read", HookKind.FAILED_READ, "reads on java.net.Socket", byte[].class, int.class, int.class),
                Hook.of("write", HookKind.FAILED_WRITE, "writes on java.net.Socket",
                        byte[].class, int.class, int.class),
                Hook.of("connect", HookKind.CONNECT, "java.net.Socket connects", SocketAddress.class, int.class),
                Hook.of("accept", HookKind.IMPL_ACCEPT, "java.net.ServerSocket accepts", SocketImpl.class),
                Hook.of("close", HookKind.CLOSE, "resets caused by closing a java.net.Socket"),
                Hook.of("setOption", HookKind.IMPL_OPTION_SET, "SO_LINGER 0 set by Socket.setSoLinger",
                        int.class, Object.class),
                Hook.of("setOption", HookKind.OPTION_SET, "SO_LINGER 0 set by Socket.setOption",
                        SocketOption.class, Object.class)));
    }

    /** java.net.Socket on JDK 11 (and 13-17 with -Djdk.net.usePlainSocketImpl): connect, accept and close. */
    static JdkTarget plainSocketImpl() {
        return new JdkTarget("java.net.AbstractPlainSocketImpl", 11, 12, List.of(
                Hook.of("connect", HookKind.CONNECT, "java.net.Socket connects", SocketAddress.class, int.class),
                Hook.of("accept", HookKind.IMPL_ACCEPT, "java.net.ServerSocket accepts", SocketImpl.class),
                Hook.of("close", HookKind.CLOSE, "resets caused by closing a java.net.Socket"),
                // Socket.setOption(SO_LINGER) ends here too: SocketImpl.setOption(SocketOption, T) maps it to the
                // SocketOptions id on JDK 11.
                Hook.of("setOption", HookKind.IMPL_OPTION_SET, "SO_LINGER 0 set on a java.net.Socket",
                        int.class, Object.class)));
    }

    /** JDK 11's java.net.Socket input stream: read(), read(byte[]) and read(byte[],int,int) end here. */
    static JdkTarget socketInputStream() {
        return new JdkTarget("java.net.SocketInputStream", 11, 12, List.of(
                Hook.of("read", HookKind.STREAM_READ, "reads on java.net.Socket",
                        byte[].class, int.class, int.class, int.class)));
    }

    /** JDK 11's java.net.Socket output stream: every write ends in socketWrite. */
    static JdkTarget socketOutputStream() {
        return new JdkTarget("java.net.SocketOutputStream", 11, 12, List.of(
                Hook.of("socketWrite", HookKind.STREAM_WRITE, "writes on java.net.Socket",
                        byte[].class, int.class, int.class)));
    }

    /**
     * SocketChannel, blocking and non-blocking. Its socket adaptor (SocketChannel.socket()) calls the blocking*
     * methods (JDK 17+), which do not go through the public read/write/connect, so neither is seen twice.
     */
    static JdkTarget socketChannelImpl() {
        return new JdkTarget("sun.nio.ch.SocketChannelImpl", 11, ANY, List.of(
                Hook.of("read", HookKind.FAILED_READ, "SocketChannel reads", ByteBuffer.class),
                Hook.of("read", HookKind.FAILED_READ, "SocketChannel scattering reads",
                        ByteBuffer[].class, int.class, int.class),
                Hook.of("write", HookKind.FAILED_WRITE, "SocketChannel writes", ByteBuffer.class),
                Hook.of("write", HookKind.FAILED_WRITE, "SocketChannel gathering writes",
                        ByteBuffer[].class, int.class, int.class),
                Hook.of("connect", HookKind.CHANNEL_CONNECT, "SocketChannel connects", SocketAddress.class),
                Hook.of("finishConnect", HookKind.FINISH_CONNECT, "non-blocking SocketChannel connects"),
                Hook.of("implCloseSelectableChannel", HookKind.CLOSE, "resets caused by closing a SocketChannel"),
                Hook.of("setOption", HookKind.OPTION_SET, "SO_LINGER 0 set on a SocketChannel (or its socket adaptor)",
                        SocketOption.class, Object.class),
                Hook.of("blockingConnect", HookKind.CONNECT, "socket adaptor connects",
                        SocketAddress.class, long.class).since(17),
                Hook.of("blockingRead", HookKind.FAILED_READ, "socket adaptor reads",
                        byte[].class, int.class, int.class, long.class).since(17),
                Hook.of("blockingWriteFully", HookKind.FAILED_WRITE, "socket adaptor writes",
                        byte[].class, int.class, int.class).since(17)));
    }

    /** ServerSocketChannel accepts; its adaptor (ServerSocketChannel.socket()) uses blockingAccept on 17+. */
    static JdkTarget serverSocketChannelImpl() {
        return new JdkTarget("sun.nio.ch.ServerSocketChannelImpl", 11, ANY, List.of(
                Hook.of("accept", HookKind.CHANNEL_ACCEPT, "ServerSocketChannel accepts"),
                Hook.of("blockingAccept", HookKind.CHANNEL_ACCEPT, "server socket adaptor accepts", long.class)
                        .since(17)));
    }

    // AsynchronousSocketChannel and AsynchronousServerSocketChannel on Linux. Failures are handed to a completion
    // handler or future, never thrown at the caller: hooked where the channel hands them over (HookKind.ASYNC_*),
    // and again where the application collects them (completion handler invoked, Future.get throwing), which is
    // where its code is on the stack. Signatures on JDK 11, 17 and 25: build-support/JDK-INTERNALS.md section 10.

    private static final String ASYNC_CHANNEL = "sun.nio.ch.UnixAsynchronousSocketChannelImpl";

    /** AsynchronousSocketChannel: connect, read and write deliveries; connected; close (leaves the ledger). */
    static JdkTarget asyncSocketChannel() {
        Class<?> handler = java.nio.channels.CompletionHandler.class;
        Class<?> timeUnit = java.util.concurrent.TimeUnit.class;
        return new JdkTarget(ASYNC_CHANNEL, 11, ANY, List.of(
                Hook.of("implConnect", HookKind.ASYNC_CONNECT_NOW, "AsynchronousSocketChannel connects",
                        SocketAddress.class, Object.class, handler),
                Hook.of("finishConnect", HookKind.ASYNC_CONNECT_LATER, "AsynchronousSocketChannel connects",
                        boolean.class),
                Hook.of("implRead", HookKind.ASYNC_READ_NOW, "AsynchronousSocketChannel reads", boolean.class,
                        ByteBuffer.class, ByteBuffer[].class, long.class, timeUnit, Object.class, handler),
                Hook.of("finishRead", HookKind.ASYNC_READ_LATER, "AsynchronousSocketChannel reads", boolean.class),
                Hook.of("implWrite", HookKind.ASYNC_WRITE_NOW, "AsynchronousSocketChannel writes", boolean.class,
                        ByteBuffer.class, ByteBuffer[].class, long.class, timeUnit, Object.class, handler),
                Hook.of("finishWrite", HookKind.ASYNC_WRITE_LATER, "AsynchronousSocketChannel writes",
                        boolean.class),
                Hook.of("setConnected", HookKind.ASYNC_CONNECTED, "AsynchronousSocketChannel connects"),
                Hook.of("implClose", HookKind.CLOSE, "AsynchronousSocketChannel closes")));
    }

    /**
     * AsynchronousSocketChannel's read and write funnel (private read/write(boolean, ...)): fails at once on a closed
     * channel (ClosedChannelException), before the Unix implementation is asked.
     */
    static JdkTarget asyncSocketChannelBase() {
        Class<?> handler = java.nio.channels.CompletionHandler.class;
        Class<?> timeUnit = java.util.concurrent.TimeUnit.class;
        return new JdkTarget("sun.nio.ch.AsynchronousSocketChannelImpl", 11, ANY, List.of(
                Hook.of("read", HookKind.ASYNC_READ_NOW, "AsynchronousSocketChannel reads on a closed channel",
                        boolean.class, ByteBuffer.class, ByteBuffer[].class, long.class, timeUnit, Object.class,
                        handler),
                Hook.of("write", HookKind.ASYNC_WRITE_NOW, "AsynchronousSocketChannel writes on a closed channel",
                        boolean.class, ByteBuffer.class, ByteBuffer[].class, long.class, timeUnit, Object.class,
                        handler),
                Hook.of("setOption", HookKind.OPTION_SET, "SO_LINGER 0 set on an AsynchronousSocketChannel",
                        SocketOption.class, Object.class)));
    }

    /** The read and write timeout tasks, anonymous Runnables of the channel ($1 and $2 on JDK 11, 17 and 25). */
    static JdkTarget asyncTimeoutTask(String suffix) {
        return new JdkTarget(ASYNC_CHANNEL + suffix, 11, ANY, List.of(
                Hook.of("run", HookKind.ASYNC_TIMEOUT, "AsynchronousSocketChannel read and write timeouts")));
    }

    /**
     * AsynchronousServerSocketChannel: accept deliveries, and the accepted channels. finishAccept lost its
     * AccessControlContext parameter with the Security Manager (JDK 24, JEP 486; 23 not checked).
     */
    @SuppressWarnings("removal")
    static JdkTarget asyncServerSocketChannel() {
        return new JdkTarget("sun.nio.ch.UnixAsynchronousServerSocketChannelImpl", 11, ANY, List.of(
                Hook.of("implAccept", HookKind.ASYNC_ACCEPT_NOW, "AsynchronousServerSocketChannel accepts",
                        Object.class, java.nio.channels.CompletionHandler.class),
                Hook.of("onEvent", HookKind.ASYNC_ACCEPT_LATER, "AsynchronousServerSocketChannel accepts",
                        int.class, boolean.class),
                Hook.of("implClose", HookKind.ASYNC_ACCEPT_LATER, "AsynchronousServerSocketChannel accepts"),
                Hook.of("finishAccept", HookKind.ASYNC_ACCEPTED, "AsynchronousServerSocketChannel accepts",
                        java.io.FileDescriptor.class, java.net.InetSocketAddress.class,
                        java.security.AccessControlContext.class).until(23),
                Hook.of("finishAccept", HookKind.ASYNC_ACCEPTED, "AsynchronousServerSocketChannel accepts",
                        java.io.FileDescriptor.class, java.net.InetSocketAddress.class).since(24)));
    }

    /** Every completion handler of an asynchronous channel is called from here. */
    static JdkTarget asyncHandlerInvoker() {
        return new JdkTarget("sun.nio.ch.Invoker", 11, ANY, List.of(
                Hook.of("invokeUnchecked", HookKind.HANDLER_INVOKED, "where completion handlers get failures",
                        java.nio.channels.CompletionHandler.class, Object.class, Object.class, Throwable.class)));
    }

    /** The Future of an asynchronous operation that went pending; get() throws its failure to the application. */
    static JdkTarget asyncPendingFuture() {
        return new JdkTarget("sun.nio.ch.PendingFuture", 11, ANY, List.of(
                Hook.of("get", HookKind.FUTURE_GET, "where futures throw failures"),
                Hook.of("get", HookKind.FUTURE_GET, "where futures throw failures",
                        long.class, java.util.concurrent.TimeUnit.class)));
    }
}
