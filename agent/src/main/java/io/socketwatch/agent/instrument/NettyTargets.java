package io.socketwatch.agent.instrument;

import java.util.List;

/**
 * The Netty methods the agent hooks, for Netty 4.1 and 4.2 (the same names and descriptors in both; read from their
 * sources, see build-support/JDK-INTERNALS.md). Classes are matched by the end of their name and descriptors with
 * Netty's own package normalised to io/netty/, so that copies relocated by shading (grpc-netty-shaded's
 * io/grpc/netty/shaded/io/netty/...) are hooked too.
 *
 * <p>Where the failures are: the epoll transport calls the kernel through JNI (io.netty.channel.unix.Socket,
 * LinuxSocket), never through the JDK's socket classes; every read of a TCP channel goes through doReadBytes, every
 * write through doWrite, a connect through doConnect and, when it did not complete at once, doFinishConnect. The NIO
 * transport goes through java.nio's SocketChannelImpl, already hooked; it only needs its JDK channel linked to the
 * Netty channel, so that failures on the event loop can name where the application created the connection.
 */
final class NettyTargets {

    /** One hooked method: class name suffix (after the relocation prefix), method name, descriptor prefix. */
    static final class Target {
        final String classSuffix;
        final String method;
        final String descriptorPrefix;
        final NettyHook hook;

        Target(String classSuffix, String method, String descriptorPrefix, NettyHook hook) {
            this.classSuffix = classSuffix;
            this.method = method;
            this.descriptorPrefix = descriptorPrefix;
            this.hook = hook;
        }

        @Override
        public String toString() {
            return classSuffix.substring(classSuffix.lastIndexOf('/') + 1) + "." + method;
        }
    }

    private static final String CHANNEL = "Lio/netty/channel/Channel;";
    private static final String ADDRESS = "Ljava/net/SocketAddress;";

    private NettyTargets() {
    }

    static List<Target> all() {
        return List.of(
                // Every Netty channel; parent is set for one a server accepted.
                new Target("netty/channel/AbstractChannel", "<init>", "(" + CHANNEL, NettyHook.CREATED),
                new Target("netty/channel/nio/AbstractNioChannel", "<init>",
                        "(" + CHANNEL + "Ljava/nio/channels/SelectableChannel;", NettyHook.WRAPS_JDK_CHANNEL),
                new Target("netty/channel/epoll/AbstractEpollChannel", "doReadBytes", "(Lio/netty/buffer/ByteBuf;)",
                        NettyHook.FAILED_READ),
                new Target("netty/channel/epoll/AbstractEpollChannel", "doConnect", "(" + ADDRESS + ADDRESS + ")",
                        NettyHook.FAILED_CONNECT),
                new Target("netty/channel/epoll/AbstractEpollChannel$AbstractEpollUnsafe", "doFinishConnect", "()",
                        NettyHook.FAILED_FINISH_CONNECT),
                new Target("netty/channel/epoll/AbstractEpollStreamChannel", "doWrite",
                        "(Lio/netty/channel/ChannelOutboundBuffer;)", NettyHook.FAILED_WRITE));
    }

    /**
     * The relocation prefix of {@code className} for {@code suffix} ("io/" for Netty itself,
     * "io/grpc/netty/shaded/io/" for gRPC's copy), or null if the class is not that target.
     */
    static String relocationPrefix(String className, String suffix) {
        if (!className.endsWith(suffix)) {
            return null;
        }
        String prefix = className.substring(0, className.length() - suffix.length());
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : null;
    }

    /** {@code descriptor} with the relocated Netty package written as io/netty/. */
    static String normalize(String descriptor, String prefix) {
        String relocated = "L" + prefix + "netty/";
        return relocated.equals("Lio/netty/") ? descriptor : descriptor.replace(relocated, "Lio/netty/");
    }
}
