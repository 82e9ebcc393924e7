package org.example.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Netty 4.1 TLS clients (SslHandler over the JDK's SSLEngine, built by Netty's SslContextBuilder) on the transport
 * named by the first argument (nio or epoll), against {@link TlsPeer}s. Arguments: transport, keystore, password.
 * Prints "scenario NAME port PORT: OUTCOME" per scenario, like {@link NettyScenarios}; waits only on futures and
 * latches completed by the event waited for.
 *
 * <ul>
 *   <li>{@code tls-client-reset}: the handshake completes, the client sends its request, the peer aborts the TCP
 *       connection (SO_LINGER 0): the client's read meets the RST. One transport failure, marked TLS 1.3; what
 *       SslHandler does after it (SSLEngine.closeInbound without close_notify) is no second failure.</li>
 *   <li>{@code tls-client-untrusted}: the client does not trust the peer's self-signed certificate: its engine fails
 *       the handshake with certificate_unknown, which SslHandler sends before closing; the peer's handshake fails on
 *       that alert. One TLS failure on each side, no transport failure.</li>
 * </ul>
 * Where the application created each connection: {@link #connect}.
 */
public final class NettyTlsScenarios {

    private static final long WAIT_SECONDS = 30;

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final SSLContext server;
    private final SslContext trustingClient;
    private final SslContext untrustingClient;

    private NettyTlsScenarios(String transport, Path keystore, char[] password) throws Exception {
        if (transport.equals("epoll")) {
            if (!Epoll.isAvailable()) {
                throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
            }
            group = new EpollEventLoopGroup(1);
            channelType = EpollSocketChannel.class;
        } else if (transport.equals("nio")) {
            group = new NioEventLoopGroup(1);
            channelType = NioSocketChannel.class;
        } else {
            throw new IllegalArgumentException("transport nio or epoll, not " + transport);
        }
        server = TlsPeer.serverContext(keystore, password);
        trustingClient = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(trustingOnly(keystore, password)).build();
        // The JDK's default trust store (cacerts), which does not hold the test's self-signed certificate.
        untrustingClient = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build();
    }

    public static void main(String[] args) throws Exception {
        NettyTlsScenarios scenarios = new NettyTlsScenarios(args[0], Paths.get(args[1]), args[2].toCharArray());
        System.out.println("transport " + args[0] + ": " + scenarios.channelType.getName());
        try {
            scenarios.clientReset();
            scenarios.clientUntrusted();
        } finally {
            scenarios.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private void clientReset() throws Exception {
        try (TlsPeer peer = TlsPeer.abortingAfterRequest(server)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Channel channel = connect(peer.port(), trustingClient, failure).sync().channel();
            Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
            handshake.sync();
            channel.writeAndFlush(Unpooled.wrappedBuffer(NettyScenarios.REQUEST)).sync();
            peer.aborted.await(WAIT_SECONDS, TimeUnit.SECONDS);
            // The client reads until the RST closes the channel.
            channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
            peer.awaitDone();
            print("tls-client-reset", peer.port(), failure.getNow(null));
        }
    }

    private void clientUntrusted() throws Exception {
        try (TlsPeer peer = TlsPeer.handshaking(server)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Channel channel = connect(peer.port(), untrustingClient, failure).sync().channel();
            Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
            handshake.await(WAIT_SECONDS, TimeUnit.SECONDS);
            channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
            String served = peer.awaitDone();
            System.out.println("peer: " + served);
            print("tls-client-untrusted", peer.port(), handshake.cause());
        }
    }

    /**
     * Where the application creates its TLS connections: Bootstrap.connect creates the channel here, and the
     * initializer puts SslHandler first in its pipeline. By address, so that server.address is 127.0.0.1.
     */
    private ChannelFuture connect(int port, SslContext tls, CompletableFuture<Throwable> failure) {
        return new Bootstrap().group(group).channel(channelType)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(tls.newHandler(channel.alloc(),
                                NettyScenarios.LOOPBACK.getHostAddress(), port));
                        channel.pipeline().addLast(new Recorder(failure));
                    }
                })
                .connect(new InetSocketAddress(NettyScenarios.LOOPBACK, port));
    }

    private static TrustManagerFactory trustingOnly(Path keystore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (String alias : Collections.list(keys.aliases())) {
            Certificate certificate = keys.getCertificate(alias);
            if (certificate != null) {
                trusted.setCertificateEntry(alias, certificate);
            }
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        return trustManagers;
    }

    private static void print(String scenario, int port, Throwable failure) {
        System.out.println("scenario " + scenario + " port " + port + ": "
                + (failure == null ? "no exception" : failure.getClass().getName() + ": " + failure.getMessage()));
    }

    /** Remembers the first exception Netty hands the pipeline, then closes; releases what it reads. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Throwable> failure;

        Recorder(CompletableFuture<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.complete(cause);
            ctx.close();
        }
    }
}
