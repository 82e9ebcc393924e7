package io.socketwatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens on fixed ports of every loopback address (127.0.0.1, and ::1 where the machine has it) and records every
 * connection that arrives, to prove that a child JVM connected to none of them. A connection is accepted by a
 * selector thread as soon as it arrives; {@link #stopAndCount()} then also takes whatever is still queued, so a
 * connection made before the child exited is counted whatever the scheduling.
 */
final class LoopbackListeners implements AutoCloseable {

    private final List<ServerSocketChannel> listeners;
    private final Selector selector;
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean stopping;

    private LoopbackListeners(List<ServerSocketChannel> listeners, Selector selector) {
        this.listeners = listeners;
        this.selector = selector;
        this.acceptor = new Thread(this::acceptUntilStopped, "loopback-listeners");
        acceptor.setDaemon(true);
    }

    /**
     * Binds every port on every loopback address. A port another process holds is an AssertionError that names it:
     * the proof needs these exact ports, so taking another would prove nothing.
     */
    static LoopbackListeners bind(int... ports) {
        List<ServerSocketChannel> bound = new ArrayList<>();
        Selector selector = null;
        try {
            selector = Selector.open();
            for (InetAddress address : loopbackAddresses()) {
                for (int port : ports) {
                    InetSocketAddress endpoint = new InetSocketAddress(address, port);
                    ServerSocketChannel channel = ServerSocketChannel.open();
                    bound.add(channel);
                    // Linux still refuses a second listener with SO_REUSEADDR; it only lets this test bind again
                    // while its own earlier connections on the port sit in TIME_WAIT.
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    try {
                        channel.bind(endpoint, 50);
                    } catch (BindException e) {
                        throw new AssertionError(endpoint + " is already in use by another process (`ss -ltnp"
                                + " 'sport = :" + port + "'` shows which). This test must own the OpenTelemetry"
                                + " default ports to prove that the agent connects to none of them; stop that"
                                + " process and run again.", e);
                    }
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_ACCEPT);
                }
            }
        } catch (IOException e) {
            closeAll(bound, selector);
            throw new UncheckedIOException("cannot set up the loopback listeners", e);
        } catch (RuntimeException | Error e) {
            closeAll(bound, selector);
            throw e;
        }
        LoopbackListeners listeners = new LoopbackListeners(bound, selector);
        listeners.acceptor.start();
        return listeners;
    }

    /** The bound endpoints, for messages. */
    List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        for (ServerSocketChannel channel : listeners) {
            try {
                endpoints.add(String.valueOf(channel.getLocalAddress()));
            } catch (IOException e) {
                endpoints.add("?");
            }
        }
        return endpoints;
    }

    /** Connections accepted so far: "listener <- peer". */
    List<String> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Forgets the connections accepted so far (after a positive control). */
    void clear() {
        arrivals.clear();
    }

    /** Stops the acceptor thread, takes every connection still queued, and returns all arrivals. */
    List<String> stopAndCount() {
        stopping = true;
        selector.wakeup();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the listeners", e);
        }
        if (acceptor.isAlive()) {
            throw new AssertionError("the loopback listeners' acceptor did not stop within 10 s");
        }
        listeners.forEach(this::acceptQueued);
        return arrivals();
    }

    private void acceptUntilStopped() {
        while (!stopping) {
            try {
                selector.select(1_000);
            } catch (IOException e) {
                return;
            }
            selector.selectedKeys().clear();
            listeners.forEach(this::acceptQueued);
        }
    }

    private void acceptQueued(ServerSocketChannel listener) {
        try {
            SocketChannel connection;
            while ((connection = listener.accept()) != null) {
                try (SocketChannel accepted = connection) {
                    arrivals.add(listener.getLocalAddress() + " <- " + accepted.getRemoteAddress());
                }
            }
        } catch (IOException e) {
            arrivals.add("accept failed on " + listener + ": " + e);
        }
    }

    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll(listeners, selector);
    }

    private static List<InetAddress> loopbackAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : List.of("127.0.0.1", "::1")) {
            InetAddress address;
            try {
                address = InetAddress.getByName(literal);
            } catch (IOException e) {
                continue;
            }
            // ::1 only where the machine has IPv6 loopback: elsewhere nothing could connect to it either.
            if (NetworkInterface.getByInetAddress(address) != null) {
                addresses.add(address);
            }
        }
        return addresses;
    }

    private static void closeAll(List<ServerSocketChannel> channels, Selector selector) {
        for (ServerSocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
