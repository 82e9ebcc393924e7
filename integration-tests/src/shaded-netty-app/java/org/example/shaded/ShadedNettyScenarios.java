package org.example.shaded;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The copy of Netty that grpc-netty-shaded relocates to io.grpc.netty.shaded.io.netty, with its own epoll native
 * library, used directly: a client on the epoll transport against a peer that resets, and one whose connect is
 * refused. Prints "scenario NAME port PORT: OUTCOME" lines like NettyScenarios, with the message of the exception
 * Netty handed the pipeline (strerror text in the process's language).
 */
public final class ShadedNettyScenarios {

    /** 127.0.0.1 without a host name, so that reports say server.address 127.0.0.1 (a name would be kept). */
    private static final InetAddress LOOPBACK = loopback();
    private static final byte[] REQUEST = {'h', 'i', '\n'};

    public static void main(String[] args) throws Exception {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the relocated epoll transport is not available",
                    Epoll.unavailabilityCause());
        }
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            clientReset(group);
            clientRefused(group);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** The peer reads the request and aborts (SO_LINGER 0): the client's epoll read gets ECONNRESET. */
    private static void clientReset(EventLoopGroup group) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<Void> peerDone = CompletableFuture.runAsync(() -> resetAfterRequest(listener));
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Channel channel = connect(group, listener.getLocalPort(), failure).sync().channel();
            channel.closeFuture().await(30, TimeUnit.SECONDS);
            peerDone.get(30, TimeUnit.SECONDS);
            print("client-reset", listener.getLocalPort(), failure.getNow(null));
        }
    }

    private static void clientRefused(EventLoopGroup group) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
            port = closed.getLocalPort();
        }
        ChannelFuture connect = connect(group, port, new CompletableFuture<>());
        connect.await(30, TimeUnit.SECONDS);
        print("client-refused", port, connect.cause());
    }

    private static void resetAfterRequest(ServerSocket listener) {
        try (Socket socket = listener.accept()) {
            if (socket.getInputStream().readNBytes(REQUEST.length).length != REQUEST.length) {
                throw new IllegalStateException("short request");
            }
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the application creates its connections. */
    private static ChannelFuture connect(EventLoopGroup group, int port, CompletableFuture<Throwable> failure) {
        return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
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
                })
                .connect(new InetSocketAddress(LOOPBACK, port));
    }

    private static void print(String scenario, int port, Throwable failure) {
        System.out.println("scenario " + scenario + " port " + port + ": "
                + (failure == null ? "no exception" : failure.getClass().getName() + ": " + failure.getMessage()));
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
