package io.socketwatch.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay that forgets idle flows the way an AWS Network Load Balancer or a NAT gateway does (350 s
 * there, scaled down here): a flow through which no data has passed for longer than the idle timeout is dropped
 * silently, with no FIN or RST to either side, and the next packet that arrives on it is answered with RST.
 *
 * <p>A user-space relay cannot make its kernel forget a connection, so it emulates the table lookup instead: a flow
 * counts as forgotten once data arrives on it after more than the idle timeout of quiet (the same outcome as
 * dropping it at the timeout, since nothing is sent either way). That data is read and discarded (the middlebox
 * has no flow to forward it to), then the end it came from is closed with SO_LINGER 0, so its kernel sends RST. The
 * other end stays open and is no longer watched, as the real server's connection would: nothing told the server.
 *
 * <p>One thread runs a Selector over non-blocking channels, so that stopping never has to interrupt a blocked read
 * (which the application would see as a failure of its own): {@link #close()} makes that thread close every channel
 * it still holds in an orderly way (FIN), so the server behind it sees plain EOFs.
 */
final class Middlebox implements AutoCloseable {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final long idleTimeoutNanos;
    private final Log log;
    private final List<Flow> flows = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    private Middlebox(Run run, InetSocketAddress target, long idleTimeoutMillis, Log log) throws IOException {
        this.target = target;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.log = log;
        this.selector = run.guard(Selector.open());
        this.listener = Net.listenChannel(run);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /**
     * Starts relaying from a new loopback port to {@code target} on a thread of {@code run}; flows quiet for longer
     * than {@code idleTimeoutMillis} are forgotten. Lines go to {@code log} ("middlebox flow N ...").
     */
    static Middlebox start(Run run, InetSocketAddress target, long idleTimeoutMillis, Log log) throws IOException {
        Middlebox middlebox = new Middlebox(run, target, idleTimeoutMillis, log);
        run.spawn("middlebox", log, middlebox::loop);
        return middlebox;
    }

    /** Where clients connect. */
    InetSocketAddress address() throws IOException {
        return Net.address(listener);
    }

    /** Stops the relay thread, which closes every channel it holds; returns once it did (bounded). */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        stopped.await(Run.SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void loop() throws IOException {
        try {
            while (!stopping) {
                selector.select();
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                        continue;
                    }
                    End end = (End) key.attachment();
                    if (key.isWritable()) {
                        end.flush();
                    }
                    if (key.isValid() && key.isReadable()) {
                        end.relay();
                    }
                }
            }
        } finally {
            for (Flow flow : flows) {
                flow.closeQuietly();
            }
            listener.close();
            // Closing the selector deregisters the channels closed above, which completes their close in the kernel.
            selector.close();
            stopped.countDown();
        }
    }

    private void accept() throws IOException {
        SocketChannel client = listener.accept(); // @middleboxAccept
        if (client == null) {
            return;
        }
        // A blocking connect is immediate on loopback; the relay only needs the channel non-blocking afterwards.
        SocketChannel server = SocketChannel.open(target);
        Flow flow = new Flow(flows.size() + 1);
        flows.add(flow);
        log.ok("middlebox flow " + flow.number + " accept");
        flow.client = new End(flow, client, "client");
        flow.server = new End(flow, server, "server");
        flow.client.peer = flow.server;
        flow.server.peer = flow.client;
    }

    /** One client connection and the middlebox's own connection to the server for it. */
    private final class Flow {
        final int number;
        End client;
        End server;
        long lastData = System.nanoTime();
        boolean forgotten;

        Flow(int number) {
            this.number = number;
        }

        void closeQuietly() {
            if (client != null) {
                client.closeQuietly();
            }
            if (server != null) {
                server.closeQuietly();
            }
        }
    }

    /** One side of a flow: its channel, and the bytes read from the other side still to be written to it. */
    private final class End {
        final Flow flow;
        final SocketChannel channel;
        final String name;
        final SelectionKey key;
        final ByteBuffer outgoing = ByteBuffer.allocate(BUFFER_SIZE);
        End peer;
        boolean eof;

        End(Flow flow, SocketChannel channel, String name) throws IOException {
            this.flow = flow;
            this.channel = channel;
            this.name = name;
            channel.configureBlocking(false);
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        /** Data (or EOF) arrived from this end: forward it to the peer, or answer it with RST if the flow is gone. */
        void relay() throws IOException {
            long now = System.nanoTime();
            if (!flow.forgotten && now - flow.lastData > idleTimeoutNanos) {
                flow.forgotten = true;
            }
            if (flow.forgotten) {
                reset();
                return;
            }
            // Only read while the peer has nothing pending (OP_READ is off otherwise), so outgoing is empty here.
            ByteBuffer buffer = peer.outgoing;
            int n = channel.read(buffer);
            if (n < 0) {
                eof = true;
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                peer.channel.shutdownOutput();
                return;
            }
            if (n == 0) {
                return;
            }
            flow.lastData = now;
            peer.flush();
        }

        /** Writes what is pending for this end; while some is left, waits for OP_WRITE and stops reading the peer. */
        void flush() throws IOException {
            outgoing.flip();
            channel.write(outgoing);
            if (outgoing.hasRemaining()) {
                outgoing.compact();
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                peer.key.interestOps(peer.key.interestOps() & ~SelectionKey.OP_READ);
            } else {
                outgoing.clear();
                key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
                if (!peer.eof && peer.key.isValid()) {
                    peer.key.interestOps(peer.key.interestOps() | SelectionKey.OP_READ);
                }
            }
        }

        /**
         * A packet on a forgotten flow: consume it (there is nowhere to forward it), then close this end with
         * SO_LINGER 0 so that its kernel answers with RST. Reading first leaves nothing unread, so the RST is the
         * linger's, not the unread data's (Linux tcp_close checks unread data first).
         */
        void reset() throws IOException {
            ByteBuffer discard = ByteBuffer.allocate(BUFFER_SIZE);
            while (channel.read(discard) > 0) {
                discard.clear();
            }
            log.add("middlebox flow " + flow.number + " " + name + " packet after the idle timeout", "RST");
            // The flow is gone: nothing from the other end is relayed or answered any more (it is closed, in an
            // orderly way, only when the middlebox stops), so the other side hears nothing, as behind a real one.
            if (peer.key.isValid()) {
                peer.key.interestOps(0);
            }
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            // Registered with the selector, the channel's kernel close (and so the RST) completes at the next select.
            channel.close(); // @middleboxReset
        }

        void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // stopping: nothing is relayed any more, and an orderly close has nothing to report
            }
        }
    }
}
