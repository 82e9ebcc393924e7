package org.example.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.1 clients and servers against loopback peers that refuse, reset or half-close, on the transport named by
 * the first argument (nio or epoll). Prints one line per scenario, "scenario NAME port PORT: OUTCOME", where PORT is
 * the server side's port, which is how the test tells the scenarios' reports apart. Every wait is on a latch or a
 * future that the event being waited for completes; none is a sleep.
 *
 * <p>Where the application created each connection: client channels in {@link #connect}, the server's channel in
 * {@link #bind}. Netty does the I/O on its event loop, where no application frame is on the stack.
 */
public final class NettyScenarios {

    static final byte[] REQUEST = "hello\n".getBytes(StandardCharsets.US_ASCII);
    /** 127.0.0.1 without a host name, so that reports say server.address 127.0.0.1 (a name would be kept). */
    static final InetAddress LOOPBACK = loopback();
    private static final long WAIT_SECONDS = 30;

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final Class<? extends ServerChannel> serverChannelType;

    private NettyScenarios(String transport) {
        if (transport.equals("epoll")) {
            if (!Epoll.isAvailable()) {
                throw new IllegalStateException("epoll is not available", Epoll.unavailabilityCause());
            }
            group = new EpollEventLoopGroup(1);
            channelType = EpollSocketChannel.class;
            serverChannelType = EpollServerSocketChannel.class;
        } else if (transport.equals("nio")) {
            group = new NioEventLoopGroup(1);
            channelType = NioSocketChannel.class;
            serverChannelType = NioServerSocketChannel.class;
        } else {
            throw new IllegalArgumentException("transport nio or epoll, not " + transport);
        }
    }

    public static void main(String[] args) throws Exception {
        NettyScenarios scenarios = new NettyScenarios(args[0]);
        System.out.println("transport " + args[0] + ": " + scenarios.channelType.getName());
        try {
            scenarios.clientRefused();
            scenarios.clientReset();
            scenarios.clientHalfClosed();
            scenarios.clientWritesAfterPeerClosed();
            scenarios.serverClientResets();
            scenarios.serverClientHalfCloses();
        } finally {
            scenarios.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Nothing listens on the port: the connect is refused. */
    private void clientRefused() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
            port = closed.getLocalPort();
        }
        ChannelFuture connect = connect(port, new ChannelInboundHandlerAdapter(), false);
        connect.await(WAIT_SECONDS, TimeUnit.SECONDS);
        print("client-refused", port, connect.cause());
    }

    /** The peer reads the request and resets instead of answering: the client's read gets ECONNRESET. */
    private void clientReset() throws Exception {
        try (Peer peer = Peer.start(Peer::readRequestThenReset)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Channel channel = connect(peer.port(), new Requester(failure), false).sync().channel();
            channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
            peer.awaitDone();
            print("client-reset", peer.port(), failure.getNow(null));
        }
    }

    /** The peer half-closes (FIN) after the request: the client reads EOF and closes. Not a failure. */
    private void clientHalfClosed() throws Exception {
        try (Peer peer = Peer.start(Peer::readRequestThenHalfClose)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Channel channel = connect(peer.port(), new Requester(failure), false).sync().channel();
            channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
            peer.awaitDone();
            print("client-half-closed", peer.port(), failure.getNow(null));
        }
    }

    /**
     * The peer closes (FIN) after the request; the client allows half-closure and keeps writing. Its first write
     * makes the closed peer's kernel answer RST; a RST that finds the client in CLOSE_WAIT sets EPIPE (Linux
     * tcp_reset), so a later write fails with "Broken pipe". The application writes from its own thread, each write
     * after the previous one completed, until one fails; Netty then closes the channel. (Netty runs such writes on
     * its event loop, so the failing call has no application frame: the report names where the channel was
     * created. A write made inline in a handler would name the handler's writeAndFlush call instead.)
     */
    private void clientWritesAfterPeerClosed() throws Exception {
        try (Peer peer = Peer.start(Peer::readRequestThenClose)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            CountDownLatch peerClosed = new CountDownLatch(1);
            Channel channel = connect(peer.port(), new Requester(failure) {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    if (event instanceof ChannelInputShutdownEvent) {
                        peerClosed.countDown();
                    }
                }
            }, true).sync().channel();
            peerClosed.await(WAIT_SECONDS, TimeUnit.SECONDS);
            Throwable failed = null;
            for (int attempt = 1; attempt <= 10_000 && failed == null; attempt++) {
                ChannelFuture written = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'x'}));
                written.await(WAIT_SECONDS, TimeUnit.SECONDS);
                failed = written.cause();
            }
            channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
            peer.awaitDone();
            print("client-writes-after-peer-closed", peer.port(), failed);
        }
    }

    /**
     * A Netty server whose client sends a byte and, once the server has read it, aborts (SO_LINGER 0): the server's
     * next read gets ECONNRESET.
     */
    private void serverClientResets() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Channel server = bind(new Receiver(received, closed, failure));
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        resetFromClient(port, received);
        closed.await(WAIT_SECONDS, TimeUnit.SECONDS);
        server.close().sync();
        print("server-client-resets", port, failure.getNow(null));
    }

    private static void resetFromClient(int port, CountDownLatch received) throws Exception {
        Socket client = new Socket(LOOPBACK, port);
        client.getOutputStream().write('x');
        received.await(WAIT_SECONDS, TimeUnit.SECONDS);
        client.setSoLinger(true, 0);
        client.close();
    }

    /** The server's client sends a byte and half-closes: the server reads EOF and closes. Not a failure. */
    private void serverClientHalfCloses() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Channel server = bind(new Receiver(received, closed, failure));
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (Socket client = new Socket(LOOPBACK, port)) {
            client.getOutputStream().write('x');
            client.shutdownOutput();
            InputStream in = client.getInputStream();
            while (in.read() >= 0) {
                // until the server closes
            }
        }
        closed.await(WAIT_SECONDS, TimeUnit.SECONDS);
        server.close().sync();
        print("server-client-half-closes", port, failure.getNow(null));
    }

    /**
     * Where the application creates its client connections: Bootstrap.connect creates the channel here. By address,
     * so that server.address is 127.0.0.1 (connecting by the name "localhost" would make it "localhost").
     */
    private ChannelFuture connect(int port, ChannelHandler handler, boolean allowHalfClosure) {
        return new Bootstrap().group(group).channel(channelType).handler(handler)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
                .connect(new InetSocketAddress(LOOPBACK, port));
    }

    /** Where the application starts its server: ServerBootstrap.bind creates the listening channel here. */
    private Channel bind(ChannelHandler child) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(serverChannelType)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(child);
                    }
                })
                .bind(new InetSocketAddress(LOOPBACK, 0)).sync().channel();
    }

    private static void print(String scenario, int port, Throwable failure) {
        System.out.println("scenario " + scenario + " port " + port + ": "
                + (failure == null ? "no exception" : failure.getClass().getName() + ": " + failure.getMessage()));
    }

    /** Sends the request once connected; remembers the first exception Netty hands the pipeline, then closes. */
    private static class Requester extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Throwable> failure;

        Requester(CompletableFuture<Throwable> failure) {
            this.failure = failure;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REQUEST));
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

    /** A server's connection handler: counts the first byte in, remembers the first exception, says when closed. */
    @ChannelHandler.Sharable
    private static final class Receiver extends ChannelInboundHandlerAdapter {
        private final CountDownLatch received;
        private final CountDownLatch closed;
        private final CompletableFuture<Throwable> failure;

        Receiver(CountDownLatch received, CountDownLatch closed, CompletableFuture<Throwable> failure) {
            this.received = received;
            this.closed = closed;
            this.failure = failure;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            received.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.complete(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.countDown();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
