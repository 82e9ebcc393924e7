package io.socketwatch.bench.jmh;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
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

/** Loopback echo, 1 KiB round trips, over blocking SocketChannels (direct buffers) on both sides. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoChannelBenchmark extends Lockstep {

    static final int SIZE = EchoSocketBenchmark.SIZE;

    private final ByteBuffer request = ByteBuffer.allocateDirect(SIZE);
    private final ByteBuffer response = ByteBuffer.allocateDirect(SIZE);
    private ServerSocketChannel listener;
    private Loopback.ServerThread echo;
    private SocketChannel client;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        listener = ServerSocketChannel.open().bind(Loopback.at(0));
        echo = new Loopback.ServerThread("echo-server", this::serve);
        echo.start();
        client = SocketChannel.open(listener.getLocalAddress());
        client.socket().setTcpNoDelay(true);
        for (int i = 0; i < SIZE; i++) {
            request.put(i, (byte) i);
        }
    }

    private void serve() throws Exception {
        try (SocketChannel peer = listener.accept()) {
            peer.socket().setTcpNoDelay(true);
            ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);
            while (peer.read(buffer) >= 0) {
                buffer.flip();
                Loopback.writeFully(peer, buffer);
                buffer.clear();
            }
        }
    }

    @Benchmark
    public byte roundTrip() throws Exception {
        request.clear();
        Loopback.writeFully(client, request);
        response.clear();
        Loopback.readFully(client, response);
        return response.get(SIZE - 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        echo.finish();
        listener.close();
    }
}
