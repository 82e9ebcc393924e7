package io.socketwatch.agent.instrument;

import java.net.SocketAddress;
import java.net.SocketImpl;
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
                socketChannelImpl(), serverSocketChannelImpl(), sslSocketImpl(), tlsTransportContext(),
                httpClientRequest(), httpClientExchange(), httpClientTlsConnection());
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
                Hook.anyParameters("<init>", HookKind.HTTP_EXCHANGE, "TLS marks on JDK HttpClient HTTPS connections")))
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
                Hook.of("close", HookKind.CLOSE, "resets caused by closing a java.net.Socket")));
    }

    /** java.net.Socket on JDK 11 (and 13-17 with -Djdk.net.usePlainSocketImpl): connect, accept and close. */
    static JdkTarget plainSocketImpl() {
        return new JdkTarget("java.net.AbstractPlainSocketImpl", 11, 12, List.of(
                Hook.of("connect", HookKind.CONNECT, "java.net.Socket connects", SocketAddress.class, int.class),
                Hook.of("accept", HookKind.IMPL_ACCEPT, "java.net.ServerSocket accepts", SocketImpl.class),
                Hook.of("close", HookKind.CLOSE, "resets caused by closing a java.net.Socket")));
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
}
