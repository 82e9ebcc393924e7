package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.SocketEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads stand-ins for Netty's hooked classes, relocated under io.socketwatch.agent.instrument.fakenetty (as a shaded
 * copy would be), through a class loader that passes them to the real {@link NettyInstrumenter.NettyTransformer}:
 * the name matching finds them by suffix, the JVM verifies the woven bytecode, the bridge hears each hook, and
 * callers get exactly what they would without hooks.
 */
class NettyWeaverTest {

    private static final String FAKE = "io.socketwatch.agent.instrument.fakenetty.io.netty.";

    private final List<String> heard = new ArrayList<>();
    private final List<String> wovenClasses = new ArrayList<>();
    private ClassLoader loader;

    @BeforeEach
    void install() {
        NettyInstrumenter.NettyTransformer transformer = new NettyInstrumenter.NettyTransformer(null,
                NettyTargets.all());
        loader = new WeavingLoader(transformer);
        Bridge.install(new Recorder());
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    @Test
    void relocatedClassesAreMatchedBySuffixAndOthersAreLeftAlone() throws Exception {
        newStreamChannel(null);
        loader.loadClass(FAKE + "channel.nio.AbstractNioChannel");
        loader.loadClass(FAKE + "channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe");
        // Not ByteBuf, Channel (an interface ending in Channel, without a hooked method) or ChannelOutboundBuffer.
        assertEquals(new TreeSet<>(List.of("channel.AbstractChannel", "channel.epoll.AbstractEpollChannel",
                "channel.epoll.AbstractEpollStreamChannel", "channel.nio.AbstractNioChannel",
                "channel.epoll.AbstractEpollChannel$AbstractEpollUnsafe")), new TreeSet<>(wovenClasses));
        assertEquals("io/grpc/netty/shaded/io/", NettyTargets.relocationPrefix(
                "io/grpc/netty/shaded/io/netty/channel/AbstractChannel", "netty/channel/AbstractChannel"));
        assertEquals("io/", NettyTargets.relocationPrefix("io/netty/channel/AbstractChannel",
                "netty/channel/AbstractChannel"));
        assertNull(NettyTargets.relocationPrefix("io/xnetty/channel/AbstractChannel", "netty/channel/AbstractChannel"));
        assertEquals("(Lio/netty/channel/Channel;I)V", NettyTargets.normalize(
                "(Lio/grpc/netty/shaded/io/netty/channel/Channel;I)V", "io/grpc/netty/shaded/io/"));
    }

    @Test
    void everyChannelConstructionIsHeardWithItsParent() throws Exception {
        Object server = newStreamChannel(null);
        Object child = newStreamChannel(server);
        assertEquals(List.of("created " + id(server) + " null", "created " + id(child) + " " + id(server)), heard);
    }

    @Test
    void nioChannelsAreLinkedToTheJdkChannelOnEveryReturn() throws Exception {
        Class<?> type = loader.loadClass(FAKE + "channel.nio.AbstractNioChannel");
        Class<?> channelType = loader.loadClass(FAKE + "channel.Channel");
        try (SocketChannel jdk = SocketChannel.open()) {
            Object channel = type.getConstructor(channelType, java.nio.channels.SelectableChannel.class, int.class)
                    .newInstance(null, jdk, 1);
            Object early = type.getConstructor(channelType, java.nio.channels.SelectableChannel.class, int.class)
                    .newInstance(null, jdk, -1);
            assertEquals(List.of("created " + id(channel) + " null", "wraps " + id(channel) + " null " + id(jdk),
                    "created " + id(early) + " null", "wraps " + id(early) + " null " + id(jdk)), heard);
        }
    }

    @Test
    void healthyCallsReportNothing() throws Exception {
        Object channel = newStreamChannel(null);
        heard.clear();
        assertEquals(7, call(channel, "doReadBytes", byteBuf()));
        assertEquals(true, call(channel, "doConnect", new InetSocketAddress(1), null));
        call(channel, "flush");
        Object unsafe = call(channel, "unsafe");
        assertEquals(true, call(unsafe, "finishConnect"));
        assertEquals(List.of(), heard);
    }

    @Test
    void failedReadsWritesAndConnectsAreHeardOnceAndRethrownUnchanged() throws Exception {
        Object channel = newStreamChannel(null);
        heard.clear();
        IOException reset = new IOException("recvAddress(..) failed: Connection reset by peer");
        channel.getClass().getField("toThrow").set(channel, reset);
        assertSame(reset, thrownBy(channel, "doReadBytes", byteBuf()));
        assertSame(reset, thrownBy(channel, "flush"));
        SocketAddress remote = new InetSocketAddress("127.0.0.1", 9);
        assertSame(reset, thrownBy(channel, "doConnect", remote, null));
        assertSame(reset, thrownBy(call(channel, "unsafe"), "finishConnect"));
        assertEquals(List.of(
                "failed " + Bridge.READ + " " + id(channel) + " null " + reset,
                "failed " + Bridge.WRITE + " " + id(channel) + " null " + reset,
                "failed " + Bridge.CONNECT + " " + id(channel) + " " + remote + " " + reset,
                "failed " + Bridge.CONNECT + " " + id(channel) + " null " + reset), heard);
        assertEquals(1, channel.getClass().getField("writes").get(channel));
    }

    @Test
    void anExceptionTheMethodHandlesItselfIsNotAFailure() throws Exception {
        Object channel = newStreamChannel(null);
        heard.clear();
        channel.getClass().getField("toThrow").set(channel, new IllegalStateException("handled inside"));
        assertEquals(false, call(channel, "doConnect", new InetSocketAddress(1), null));
        assertEquals(List.of(), heard);
    }

    private Object newStreamChannel(Object parent) throws Exception {
        Class<?> type = loader.loadClass(FAKE + "channel.epoll.AbstractEpollStreamChannel");
        return type.getConstructor(loader.loadClass(FAKE + "channel.Channel")).newInstance(parent);
    }

    private Object byteBuf() throws Exception {
        return loader.loadClass(FAKE + "buffer.ByteBuf").getConstructor().newInstance();
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                    method.setAccessible(true);
                    return method.invoke(target, args);
                }
            }
        }
        throw new AssertionError("no method " + name + " on " + target.getClass());
    }

    private static Throwable thrownBy(Object target, String name, Object... args) {
        return assertThrows(InvocationTargetException.class, () -> call(target, name, args)).getCause();
    }

    private static String id(Object o) {
        return o.getClass().getSimpleName() + "@" + System.identityHashCode(o);
    }

    /** Child-first for the stand-ins, each passed through the transformer as the JVM would. */
    private final class WeavingLoader extends ClassLoader {
        private final NettyInstrumenter.NettyTransformer transformer;

        WeavingLoader(NettyInstrumenter.NettyTransformer transformer) {
            super(NettyWeaverTest.class.getClassLoader());
            this.transformer = transformer;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(FAKE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                String internal = name.replace('.', '/');
                byte[] original;
                try (InputStream in = getParent().getResourceAsStream(internal + ".class")) {
                    original = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                byte[] woven = transformer.transform(null, this, internal, null, null, original);
                if (woven != null) {
                    wovenClasses.add(name.substring(FAKE.length()));
                }
                byte[] bytes = woven != null ? woven : original;
                return defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    private final class Recorder implements SocketEvents {
        @Override
        public void connectEnded(Object socket, Object remote, boolean connected, Throwable failure) {
            heard.add("jdk connect");
        }

        @Override
        public void acceptEnded(Object listener, Object accepted, Throwable failure) {
            heard.add("jdk accept");
        }

        @Override
        public void operationFailed(int operation, Object socket, Throwable failure) {
            heard.add("jdk failed");
        }

        @Override
        public void optionSet(Object socket, Object option, Object value) {
        }

        @Override
        public void closing(Object socket) {
            heard.add("jdk closing");
        }

        @Override
        public void internalError(Throwable error) {
            heard.add("internal " + error);
        }

        @Override
        public void nettyChannelCreated(Object channel, Object parent) {
            heard.add("created " + id(channel) + " " + (parent == null ? "null" : id(parent)));
        }

        @Override
        public void nettyChannelWraps(Object channel, Object parent, Object jdkChannel) {
            heard.add("wraps " + id(channel) + " " + (parent == null ? "null" : id(parent)) + " " + id(jdkChannel));
        }

        @Override
        public void nettyChannelFailed(int operation, Object channel, Object remote, Throwable failure) {
            heard.add("failed " + operation + " " + id(channel) + " " + remote + " " + failure);
        }
    }
}
