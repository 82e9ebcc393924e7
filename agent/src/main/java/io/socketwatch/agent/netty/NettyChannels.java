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

    /**
     * ChannelHandlerContext.channel(), per context class: found through the public interface (the context classes
     * are package-private), looked up once per class.
     */
    private static final ClassValue<Method> CONTEXT_CHANNEL = new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> type) {
            Class<?> contextInterface = interfaceEndingWith(type, "netty.channel.ChannelHandlerContext");
            try {
                return contextInterface == null ? null : contextInterface.getMethod("channel");
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private NettyChannels() {
    }

    /** The channel of a ChannelHandlerContext, or null. */
    static Object channelOf(Object ctx) {
        Method channel = ctx == null ? null : CONTEXT_CHANNEL.get(ctx.getClass());
        try {
            return channel == null ? null : channel.invoke(ctx);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The JDK SocketChannel a Netty NIO channel wraps: AbstractNioChannel's {@code private final SelectableChannel
     * ch} (Netty 4.1 and 4.2), or null for another channel (or a JDK ServerSocketChannel).
     */
    static Object jdkSocketChannel(Object channel) {
        Field ch = NIO_CHANNEL_FIELD.get(channel.getClass());
        try {
            Object jdk = ch == null ? null : ch.get(channel);
            return jdk instanceof java.nio.channels.SocketChannel ? jdk : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** AbstractNioChannel.ch, found once per channel class (a search up the hierarchy, made accessible). */
    private static final ClassValue<Field> NIO_CHANNEL_FIELD = new ClassValue<Field>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().endsWith("netty.channel.nio.AbstractNioChannel")) {
                    try {
                        Field f = c.getDeclaredField("ch");
                        f.setAccessible(true);
                        return f;
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    };

    /**
     * Netty's JdkSslContext may hand SslHandler a wrapper of the JDK's engine (JdkSslEngine, for ALPN); its public
     * {@code getWrappedEngine()} gives the engine inside. A few levels at most; anything else is returned as is.
     */
    static Object unwrapEngine(Object engine) {
        Object current = engine;
        for (int depth = 0; depth < 3 && current != null; depth++) {
            Method unwrap;
            try {
                unwrap = current.getClass().getMethod("getWrappedEngine");
            } catch (NoSuchMethodException | RuntimeException e) {
                return current;
            }
            try {
                unwrap.setAccessible(true); // declared by a package-private class
                Object inner = unwrap.invoke(current);
                if (!(inner instanceof javax.net.ssl.SSLEngine) || inner == current) {
                    return current;
                }
                current = inner;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return current;
            }
        }
        return current;
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
        return interfaceEndingWith(type, "netty.channel.Channel");
    }

    private static Class<?> interfaceEndingWith(Class<?> type, String suffix) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                Class<?> found = implemented.getName().endsWith(suffix) ? implemented
                        : interfaceEndingWith(implemented, suffix);
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
