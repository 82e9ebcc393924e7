package io.socketwatch.agent.netty;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Reads what a report needs from a Netty channel, reflectively (the agent does not link against Netty, and a
 * relocated copy has other class names): its parent (set for a connection a server accepted), its endpoints, and
 * whether it is a TCP stream channel. Only called when a channel failed; every probe answers null rather than throw.
 */
final class NettyChannels {

    /**
     * Whether channels of a class carry TCP connections (NioSocketChannel, EpollServerSocketChannel...), computed
     * once per class: Netty also builds embedded, local, datagram and Unix domain channels, whose creation needs no
     * captured stack.
     */
    private static final ClassValue<Boolean> TCP_CHANNEL_TYPES = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                String name = c.getName();
                if (name.endsWith("SocketChannel") && !name.endsWith("DomainSocketChannel")) {
                    return true;
                }
            }
            return false;
        }
    };

    private NettyChannels() {
    }

    static boolean isTcpChannel(Object channel) {
        return TCP_CHANNEL_TYPES.get(channel.getClass());
    }

    /** The server channel that accepted {@code channel}, or null for a channel the application created. */
    static Object parent(Object channel) {
        return invoke(channel, "parent");
    }

    /**
     * The peer: {@code Channel.remoteAddress()}, which AbstractChannel caches once connected and keeps after close;
     * for a connect still in progress, the address the application asked for (AbstractEpollChannel keeps it in
     * {@code requestedRemoteAddress} until the connect completes).
     */
    static SocketAddress remote(Object channel) {
        Object remote = invoke(channel, "remoteAddress");
        if (remote == null) {
            remote = field(channel, "requestedRemoteAddress");
        }
        return remote instanceof SocketAddress ? (SocketAddress) remote : null;
    }

    static InetSocketAddress local(Object channel) {
        Object local = invoke(channel, "localAddress");
        return local instanceof InetSocketAddress ? (InetSocketAddress) local : null;
    }

    /**
     * True for a TCP connection of a native transport: a subclass of AbstractEpollStreamChannel (which also covers
     * Unix domain sockets, told apart by their address) and not a datagram channel.
     */
    static boolean isStream(Object channel) {
        for (Class<?> c = channel.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().endsWith("netty.channel.epoll.AbstractEpollStreamChannel")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calls a method of Netty's public Channel interface on {@code target}. Called through the interface, not the
     * channel's own class, which may be package-private (then its public methods are not accessible reflectively).
     */
    private static Object invoke(Object target, String method) {
        Class<?> channelInterface = channelInterface(target.getClass());
        if (channelInterface == null) {
            return null;
        }
        try {
            return channelInterface.getMethod(method).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Class<?> channelInterface(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                Class<?> found = implemented.getName().endsWith("netty.channel.Channel") ? implemented
                        : channelInterface(implemented);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Object field(Object target, String name) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // declared further up, if anywhere
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
