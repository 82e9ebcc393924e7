package io.socketwatch.agent.ledger;

import io.socketwatch.agent.bootstrap.JdkAccess;
import io.socketwatch.agent.internal.AgentLog;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Reads endpoints and close-time state from the JDK objects the advice hands over: a java.net.SocketImpl
 * (NioSocketImpl on JDK 13+, PlainSocketImpl on 11) or a sun.nio.ch.SocketChannelImpl. Only called when a connection
 * opens, closes or fails, never on a healthy read or write. Every probe answers "unknown" rather than throw.
 */
public final class SocketProbe {

    /**
     * The JDK handles, looked up at the first probe rather than at start-up: a program that never opens a socket
     * never pays for them, and one that does pays once (a few ms of method-handle setup).
     */
    private static final class Handles {
        // SocketImpl's protected fields, the same on JDK 11 to 25; set by connect and accept, kept after close.
        static final MethodHandle IMPL_ADDRESS = JdkAccess.getter(SocketImpl.class, "address");
        static final MethodHandle IMPL_PORT = JdkAccess.getter(SocketImpl.class, "port");
        static final MethodHandle IMPL_LOCALPORT = JdkAccess.getter(SocketImpl.class, "localport");
        // FIONREAD: bytes received but not yet read by the application.
        static final MethodHandle IMPL_AVAILABLE = JdkAccess.method(SocketImpl.class, "available");
        static final MethodHandle IMPL_CLOSE = JdkAccess.method(SocketImpl.class, "close");
        static final MethodHandle CHANNEL_AVAILABLE;
        static final MethodHandle CHANNEL_REMOTE;
        static final MethodHandle CHANNEL_LOCAL;
        // JDK 11 fallback for channels, which have no available() before JDK 13: PlainSocketImpl.socketAvailable() is
        // the same FIONREAD ioctl on SocketImpl.fd, so a detached PlainSocketImpl on the channel's descriptor asks the
        // kernel the same question without touching the channel.
        static final MethodHandle CHANNEL_FD;
        static final MethodHandle PLAIN_IMPL_ON_FD;
        static final MethodHandle PLAIN_IMPL_AVAILABLE;

        static {
            Class<?> channelImpl = loadOrNull("sun.nio.ch.SocketChannelImpl");
            CHANNEL_AVAILABLE = channelImpl == null ? null : JdkAccess.method(channelImpl, "available");
            CHANNEL_REMOTE = channelImpl == null ? null : JdkAccess.getter(channelImpl, "remoteAddress");
            CHANNEL_LOCAL = channelImpl == null ? null : JdkAccess.getter(channelImpl, "localAddress");
            CHANNEL_FD = channelImpl == null ? null : JdkAccess.method(channelImpl, "getFD");
            Class<?> plainImpl = CHANNEL_AVAILABLE != null ? null : loadOrNull("java.net.PlainSocketImpl");
            PLAIN_IMPL_ON_FD = plainImpl == null ? null : JdkAccess.constructor(plainImpl, java.io.FileDescriptor.class);
            PLAIN_IMPL_AVAILABLE = plainImpl == null ? null : JdkAccess.method(plainImpl, "socketAvailable");
        }

        static {
            if (!complete()) {
                AgentLog.warnOnce("probe", "some JDK internals were not found on " + Runtime.version()
                        + ": endpoints or resets caused by closing may be missing from reports");
            }
        }

        private Handles() {
        }
    }

    /**
     * Asynchronous channels (JDK 11-25): AsynchronousSocketChannelImpl keeps its endpoints in protected volatile
     * fields that survive close; a failed connect closes the channel before the failure is delivered, and only the
     * Unix implementation's private pendingRemote then says where it was connecting to.
     */
    private static final class AsyncHandles {
        static final MethodHandle REMOTE;
        static final MethodHandle LOCAL;
        static final MethodHandle PENDING_REMOTE;
        static final MethodHandle LISTENER_LOCAL;
        // At close: FIONREAD and SO_LINGER asked of the channel's descriptor (AsynchronousSocketChannelImpl.fd), as
        // SocketChannelImpl.available() does with Net.available (JDK 13+); JDK 11 has no Net.available and uses the
        // PlainSocketImpl fallback of Handles.
        static final MethodHandle FD;
        static final MethodHandle NET_AVAILABLE;

        static {
            Class<?> channel = loadOrNull("sun.nio.ch.AsynchronousSocketChannelImpl");
            Class<?> unixChannel = loadOrNull("sun.nio.ch.UnixAsynchronousSocketChannelImpl");
            Class<?> listener = loadOrNull("sun.nio.ch.AsynchronousServerSocketChannelImpl");
            REMOTE = channel == null ? null : JdkAccess.getter(channel, "remoteAddress");
            LOCAL = channel == null ? null : JdkAccess.getter(channel, "localAddress");
            PENDING_REMOTE = unixChannel == null ? null : JdkAccess.getter(unixChannel, "pendingRemote");
            LISTENER_LOCAL = listener == null ? null : JdkAccess.getter(listener, "localAddress");
            FD = channel == null ? null : JdkAccess.getter(channel, "fd");
            Class<?> net = loadOrNull("sun.nio.ch.Net");
            NET_AVAILABLE = net == null ? null : JdkAccess.method(net, "available", java.io.FileDescriptor.class);
            if (REMOTE == null || LOCAL == null || PENDING_REMOTE == null || LISTENER_LOCAL == null || FD == null) {
                AgentLog.warnOnce("probe-async", "some JDK internals of asynchronous channels were not found on "
                        + Runtime.version() + ": endpoints may be missing from their reports");
            }
        }

        private AsyncHandles() {
        }
    }

    private SocketProbe() {
    }

    /** The endpoint an asynchronous channel was connecting to, when its connect failed (null if unknown). */
    public static InetSocketAddress pendingRemote(Object channel) {
        try {
            if (channel instanceof AsynchronousSocketChannel && AsyncHandles.PENDING_REMOTE != null) {
                return inet(AsyncHandles.PENDING_REMOTE.invoke(channel));
            }
        } catch (Throwable unknown) {
            AgentLog.debug("probe failed on " + channel.getClass().getName() + ": " + unknown);
        }
        return null;
    }

    /** The local (listening) endpoint of an AsynchronousServerSocketChannel, also after close; null if unknown. */
    public static InetSocketAddress asyncListenerLocal(Object listener) {
        try {
            if (listener instanceof AsynchronousServerSocketChannel && AsyncHandles.LISTENER_LOCAL != null) {
                return inet(AsyncHandles.LISTENER_LOCAL.invoke(listener));
            }
        } catch (Throwable unknown) {
            AgentLog.debug("probe failed on " + listener.getClass().getName() + ": " + unknown);
        }
        return null;
    }

    /** True if every JDK handle the probes rely on was found (said once, on first use, when not). */
    static boolean complete() {
        boolean channelUnread = Handles.CHANNEL_AVAILABLE != null
                || Handles.PLAIN_IMPL_ON_FD != null && Handles.PLAIN_IMPL_AVAILABLE != null;
        return channelUnread && Handles.IMPL_ADDRESS != null && Handles.IMPL_PORT != null
                && Handles.IMPL_LOCALPORT != null && Handles.IMPL_AVAILABLE != null && Handles.CHANNEL_FD != null
                && Handles.CHANNEL_REMOTE != null
                && Handles.CHANNEL_LOCAL != null;
    }

    public static boolean isSocket(Object socket) {
        return socket instanceof SocketImpl || socket instanceof SocketChannel
                || socket instanceof AsynchronousSocketChannel;
    }

    public static InetSocketAddress remote(Object socket) {
        try {
            if (socket instanceof SocketImpl) {
                InetAddress address = (InetAddress) Handles.IMPL_ADDRESS.invoke((SocketImpl) socket);
                int port = (int) Handles.IMPL_PORT.invoke((SocketImpl) socket);
                return address == null ? null : new InetSocketAddress(address, port);
            }
            if (socket instanceof SocketChannel) {
                return inet(Handles.CHANNEL_REMOTE.invoke((SocketChannel) socket));
            }
            if (socket instanceof AsynchronousSocketChannel && AsyncHandles.REMOTE != null) {
                return inet(AsyncHandles.REMOTE.invoke(socket));
            }
        } catch (Throwable unknown) {
            AgentLog.debug("probe failed on " + socket.getClass().getName() + ": " + unknown);
        }
        return null;
    }

    /** The local endpoint; for a SocketImpl this asks the kernel (getsockname), so it must still be open. */
    public static InetSocketAddress local(Object socket) {
        try {
            if (socket instanceof SocketImpl) {
                int port = (int) Handles.IMPL_LOCALPORT.invoke((SocketImpl) socket);
                Object address = ((SocketOptions) socket).getOption(SocketOptions.SO_BINDADDR);
                return address instanceof InetAddress ? new InetSocketAddress((InetAddress) address, port) : null;
            }
            if (socket instanceof SocketChannel) {
                return inet(Handles.CHANNEL_LOCAL.invoke((SocketChannel) socket));
            }
            if (socket instanceof AsynchronousSocketChannel && AsyncHandles.LOCAL != null) {
                return inet(AsyncHandles.LOCAL.invoke(socket));
            }
        } catch (Throwable unknown) {
            AgentLog.debug("probe failed on " + socket.getClass().getName() + ": " + unknown);
        }
        return null;
    }

    /** Bytes received and not read (FIONREAD), or -1 if it cannot be told (closed, not connected). */
    public static int unreadBytes(Object socket) {
        try {
            if (socket instanceof SocketImpl) {
                return (int) Handles.IMPL_AVAILABLE.invoke((SocketImpl) socket);
            }
            if (socket instanceof SocketChannel && Handles.CHANNEL_AVAILABLE != null) {
                return (int) Handles.CHANNEL_AVAILABLE.invoke((SocketChannel) socket);
            }
            if (socket instanceof SocketChannel && Handles.PLAIN_IMPL_AVAILABLE != null) {
                Object fd = Handles.CHANNEL_FD.invoke((SocketChannel) socket);
                return (int) Handles.PLAIN_IMPL_AVAILABLE.invoke(Handles.PLAIN_IMPL_ON_FD.invoke((java.io.FileDescriptor) fd));
            }
            if (socket instanceof AsynchronousSocketChannel && AsyncHandles.FD != null) {
                java.io.FileDescriptor fd = (java.io.FileDescriptor) AsyncHandles.FD.invoke(socket);
                if (AsyncHandles.NET_AVAILABLE != null) {
                    return (int) AsyncHandles.NET_AVAILABLE.invoke(fd);
                }
                if (Handles.PLAIN_IMPL_AVAILABLE != null) {
                    return (int) Handles.PLAIN_IMPL_AVAILABLE.invoke(Handles.PLAIN_IMPL_ON_FD.invoke(fd));
                }
            }
        } catch (Throwable unknown) {
            AgentLog.debug("probe failed on " + socket.getClass().getName() + ": " + unknown);
        }
        return -1;
    }

    /**
     * Closes the socket (a SocketImpl, which the java.net.Socket over it then finds closed, or a SocketChannel); a
     * thread blocked reading it gets a SocketException at once. Returns false if it could not.
     */
    public static boolean close(Object socket) {
        try {
            if (socket instanceof SocketImpl && Handles.IMPL_CLOSE != null) {
                Handles.IMPL_CLOSE.invoke((SocketImpl) socket);
                return true;
            }
            if (socket instanceof SocketChannel) {
                ((SocketChannel) socket).close();
                return true;
            }
        } catch (Throwable unknown) {
            AgentLog.debug("close failed on " + socket.getClass().getName() + ": " + unknown);
        }
        return false;
    }

    public static InetSocketAddress inet(Object address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }

    private static Class<?> loadOrNull(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
