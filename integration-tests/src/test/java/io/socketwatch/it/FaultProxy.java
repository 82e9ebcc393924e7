package io.socketwatch.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 that breaks connections on command, for tests that put a fault between a real client and
 * a real server (PostgreSQL's JDBC driver and server, for example). Each accepted client connection gets its own
 * connection to the target and two pump threads, one per direction; together they are a {@link Link}.
 *
 * <p>Every command returns once it is done, so the test goes on knowing the fault is in place:
 * <ul>
 *   <li>{@link #reset(int, Side)} / {@link #resetAll(Side)}: close that side's socket with SO_LINGER 0, which makes the
 *       kernel send an RST instead of a FIN (Linux tcp_close with a zero linger time: tcp_disconnect, RFC 793 abort).
 *       By the time close() returns the RST has been sent. The other side is left as it is, like a middlebox that
 *       dropped the flow on one side only; resetting the client side also closes the server side normally (FIN), so
 *       the server does not keep a dead session. After the server side was reset, data the client sends later is
 *       answered with an RST (the way a NAT or load balancer answers packets of a flow it forgot): the classic
 *       "stale pooled connection".</li>
 *   <li>{@link #stall()}: stop forwarding in both directions on every link, present and future; what arrives is held
 *       (and nothing is lost) until {@link #resume()}.</li>
 *   <li>{@link #halfClose(int)}: shutdownOutput towards the client (a FIN: the client reads EOF) while its requests
 *       still reach the server; the server's answers are dropped from then on.</li>
 * </ul>
 * A link whose endpoint closes or resets by itself propagates it: EOF becomes shutdownOutput on the other side, a
 * reset becomes a reset. {@link #awaitForwarded} lets a test wait for a fact ("the query has passed the proxy")
 * instead of sleeping. The proxy itself runs in the test JVM, without the agent.
 */
public final class FaultProxy implements AutoCloseable {

    /** The side of a link a command acts on: the client that connected to the proxy, or the proxy's target. */
    public enum Side { CLIENT, SERVER }

    /** Direction of forwarded bytes. */
    public enum Direction { TO_SERVER, TO_CLIENT }

    /** Forwarded bytes kept per link and direction for {@link #awaitForwarded}; test traffic is far smaller. */
    private static final int RECORD_LIMIT = 1 << 20;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Link> links = new ArrayList<>();
    private boolean stalled;
    private boolean closed;

    private FaultProxy(InetSocketAddress target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the fault proxy on 127.0.0.1", e);
        }
        acceptor = new Thread(this::acceptUntilClosed, "fault-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** A proxy on a free port of 127.0.0.1 that forwards every connection to {@code target}. */
    public static FaultProxy start(InetSocketAddress target) {
        FaultProxy proxy = new FaultProxy(target);
        proxy.acceptor.start();
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (each is a link, numbered from 0 in the order they arrived). */
    public synchronized int connections() {
        return links.size();
    }

    /** Sends an RST to {@code side} of link {@code index} (see the class comment); returns once it is sent. */
    public void reset(int index, Side side) {
        link(index).reset(side);
    }

    /** {@link #reset(int, Side)} on every link accepted so far. */
    public void resetAll(Side side) {
        for (Link link : snapshot()) {
            link.reset(side);
        }
    }

    /** Stops forwarding on every link, present and future, until {@link #resume()}. */
    public synchronized void stall() {
        stalled = true;
    }

    public synchronized void resume() {
        stalled = false;
        notifyAll();
    }

    /** shutdownOutput towards the client of link {@code index}: it reads EOF; its own data still reaches the server. */
    public void halfClose(int index) {
        link(index).halfCloseTowardsClient();
    }

    /**
     * Waits until link {@code index} has forwarded (in {@code direction}) bytes that contain {@code marker} in
     * ISO-8859-1, e.g. a query's text on its way to the server. Fails after {@code timeout} with what it did forward.
     */
    public void awaitForwarded(int index, Direction direction, String marker, Duration timeout) {
        awaitConnections(index + 1, timeout);
        byte[] wanted = marker.getBytes(StandardCharsets.ISO_8859_1);
        long deadline = System.nanoTime() + timeout.toNanos();
        Link link = link(index);
        synchronized (this) {
            while (indexOf(link.recorded(direction), wanted) < 0) {
                waitUntil(deadline, () -> "link " + index + " never forwarded '" + marker + "' " + direction
                        + "; it forwarded: " + new String(link.recorded(direction), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Waits until at least {@code count} connections were accepted. */
    public synchronized void awaitConnections(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (links.size() < count) {
            waitUntil(deadline, () -> "only " + links.size() + " of " + count + " connections arrived");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        closeQuietly(listener);
        for (Link link : snapshot()) {
            link.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptUntilClosed() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                continue; // closed by close(), or one failed accept
            }
            Socket server = new Socket();
            try {
                server.connect(target, 10_000);
            } catch (IOException e) {
                // The target refuses: so does the proxy, as an RST to the client.
                abort(client);
                closeQuietly(server);
                continue;
            }
            Link link;
            try {
                synchronized (this) {
                    link = new Link(links.size(), client, server);
                    links.add(link);
                    notifyAll();
                }
            } catch (IOException e) {
                abort(client); // one of the sockets failed already: it was never usable as a link
                closeQuietly(server);
                continue;
            }
            link.start();
        }
    }

    private synchronized List<Link> snapshot() {
        return new ArrayList<>(links);
    }

    private synchronized Link link(int index) {
        if (index >= links.size()) {
            throw new AssertionError("no link " + index + ": only " + links.size() + " connections arrived");
        }
        return links.get(index);
    }

    /** Waits on this monitor; must hold it. Fails when the deadline passed. */
    private void waitUntil(long deadline, java.util.function.Supplier<String> failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("fault proxy: " + failure.get());
        }
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Blocks a pump while the proxy is stalled; false if the link or the proxy closed meanwhile. */
    private synchronized boolean awaitNotStalled(Link link) {
        while (stalled && !closed && !link.isClosed()) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !closed && !link.isClosed();
    }

    private synchronized void recorded() {
        notifyAll();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** SO_LINGER 0, then close: the kernel sends an RST and discards whatever was queued. */
    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing left to reset
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort here
        }
    }

    /** One client connection, its connection to the target, and the two pumps between them. */
    private final class Link {

        private final int index;
        private final Socket client;
        private final Socket server;
        // Taken before the link is visible to commands: once a socket is closed, getInputStream() throws.
        private final InputStream clientIn;
        private final OutputStream clientOut;
        private final InputStream serverIn;
        private final OutputStream serverOut;
        private final RecordBuffer toServer = new RecordBuffer();
        private final RecordBuffer toClient = new RecordBuffer();
        /** Guarded by the Link: which side a command broke, so the pumps know their failure was ordered. */
        private boolean clientReset;
        private boolean serverReset;
        private boolean clientHalfClosed;
        private int endedPumps;

        Link(int index, Socket client, Socket server) throws IOException {
            this.index = index;
            this.client = client;
            this.server = server;
            this.clientIn = client.getInputStream();
            this.clientOut = client.getOutputStream();
            this.serverIn = server.getInputStream();
            this.serverOut = server.getOutputStream();
        }

        void start() {
            pump(clientIn, serverOut, server, toServer, "c2s");
            pump(serverIn, clientOut, client, toClient, "s2c");
        }

        private void pump(InputStream in, OutputStream out, Socket to, RecordBuffer record, String name) {
            Thread t = new Thread(() -> forward(in, out, to, record), "fault-proxy-" + port() + "-" + index + "-"
                    + name);
            t.setDaemon(true);
            t.start();
        }

        byte[] recorded(Direction direction) {
            return (direction == Direction.TO_SERVER ? toServer : toClient).bytes();
        }

        synchronized boolean isClosed() {
            return (clientReset || client.isClosed()) && (serverReset || server.isClosed());
        }

        void reset(Side side) {
            synchronized (this) {
                if (side == Side.CLIENT) {
                    clientReset = true;
                    abort(client);
                    closeQuietly(server); // the server sees a FIN: its session ends instead of lingering
                } else {
                    serverReset = true;
                    abort(server);
                }
            }
            synchronized (FaultProxy.this) {
                FaultProxy.this.notifyAll(); // pumps held by a stall re-check whether their link still exists
            }
        }

        void halfCloseTowardsClient() {
            synchronized (this) {
                clientHalfClosed = true;
                try {
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException("fault proxy: shutdownOutput towards the client of link " + index,
                            e);
                }
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }

        /** Copies from → to until EOF or failure, honouring stalls and the commands above. */
        private void forward(InputStream in, OutputStream out, Socket to, RecordBuffer record) {
            boolean towardsClient = to == client;
            byte[] buffer = new byte[8192];
            try {
                while (true) {
                    int n = in.read(buffer);
                    if (!awaitNotStalled(this)) {
                        return;
                    }
                    // Decide under the lock, write outside it: a write that blocks on a slow reader must not keep
                    // a command waiting. A command that closes `to` meanwhile makes the write fail, handled below.
                    synchronized (this) {
                        if (n < 0) {
                            if (!(towardsClient && clientHalfClosed)) {
                                to.shutdownOutput(); // propagate the FIN
                            }
                            pumpEnded();
                            return;
                        }
                        if (!towardsClient && serverReset) {
                            clientReset = true;
                            abort(client); // data for a flow whose server side is gone: answer with an RST
                            return;
                        }
                        if (towardsClient && clientHalfClosed) {
                            continue; // the client was told EOF; drop what the server still sends
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    record.add(buffer, n);
                    FaultProxy.this.recorded();
                }
            } catch (IOException e) {
                synchronized (this) {
                    if (clientReset || serverReset) {
                        return; // a command closed this socket: the failure is the one we ordered
                    }
                    // The endpoint reset (or the peer is gone): pass the reset on to the other side.
                    abort(to);
                }
            }
        }

        /** Both directions saw EOF: nothing more can flow, release both sockets. Must hold the Link's lock. */
        private void pumpEnded() {
            if (++endedPumps == 2) {
                close();
            }
        }
    }

    /** The first {@link #RECORD_LIMIT} bytes forwarded in one direction. */
    private static final class RecordBuffer {
        private byte[] bytes = new byte[0];

        synchronized void add(byte[] buffer, int n) {
            int keep = Math.min(n, RECORD_LIMIT - bytes.length);
            if (keep <= 0) {
                return;
            }
            byte[] grown = java.util.Arrays.copyOf(bytes, bytes.length + keep);
            System.arraycopy(buffer, 0, grown, bytes.length, keep);
            bytes = grown;
        }

        synchronized byte[] bytes() {
            return bytes.clone();
        }
    }
}
