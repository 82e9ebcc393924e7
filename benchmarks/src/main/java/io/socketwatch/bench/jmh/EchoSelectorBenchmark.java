package io.socketwatch.bench.jmh;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback echo, 1 KiB round trips, non-blocking on both sides: the client waits on its own Selector (as an event
 * loop would) and the server is a one-thread selector loop ({@link SelectorEchoServer}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoSelectorBenchmark extends Lockstep {

    static final int SIZE = EchoSocketBenchmark.SIZE;

    private final ByteBuffer request = ByteBuffer.allocateDirect(SIZE);
    private final ByteBuffer response = ByteBuffer.allocateDirect(SIZE);
    private SelectorEchoServer server;
    private Loopback.ServerThread serverThread;
    private Selector selector;
    private SocketChannel client;
    private SelectionKey key;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new SelectorEchoServer();
        serverThread = new Loopback.ServerThread("selector-echo-server", server);
        serverThread.start();
        selector = Selector.open();
        client = SocketChannel.open();
        client.configureBlocking(false);
        client.socket().setTcpNoDelay(true);
        key = client.register(selector, SelectionKey.OP_CONNECT);
        if (!client.connect(server.address())) {
            while (!client.finishConnect()) {
                await();
            }
        }
        key.interestOps(SelectionKey.OP_READ);
        for (int i = 0; i < SIZE; i++) {
            request.put(i, (byte) i);
        }
    }

    @Benchmark
    public byte roundTrip() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            if (client.write(request) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await();
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        response.clear();
        while (response.hasRemaining()) {
            int n = client.read(response);
            if (n < 0) {
                throw new EOFException("server closed");
            }
            if (n == 0) {
                await();
            }
        }
        return response.get(SIZE - 1);
    }

    private void await() throws IOException {
        selector.select();
        selector.selectedKeys().clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        selector.close();
        // The server closes its side when it reads the client's FIN: wait for that, so it closes cleanly (no
        // unread data, no reset) before its loop stops.
        boolean closedCleanly = server.awaitPeerClosed(10, TimeUnit.SECONDS);
        server.stop();
        serverThread.finish();
        if (!closedCleanly) {
            throw new IllegalStateException("the echo server never saw the client's close");
        }
    }
}
