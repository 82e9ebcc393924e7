package io.socketwatch.bench.jmh;

import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * Connection churn over java.net.Socket: connect, accept, one exchange (a byte each way), close on both sides.
 * This is where the agent does work on the healthy path: a ledger entry at connect and accept, a lookup per read
 * and write, and at each close a removal and a FIONREAD ioctl, except after end-of-stream (the client here reads
 * to EOF; the server closes first, so it is probed).
 *
 * <p>The server closes first and the client waits for its FIN: the TIME_WAIT state then stays on the server's
 * side, and the client's ephemeral ports are free again at once (tens of thousands of connections a second would
 * otherwise exhaust them). Both sides read everything sent to them, so every close is a clean FIN.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChurnBenchmark extends Lockstep {

    private ServerSocket listener;
    private InetSocketAddress address;
    private Loopback.ServerThread server;
    private volatile boolean running = true;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        listener = new ServerSocket(0, 128, Loopback.ADDRESS);
        address = Loopback.at(listener.getLocalPort());
        server = new Loopback.ServerThread("churn-server", this::serve);
        server.start();
    }

    private void serve() throws Exception {
        while (true) {
            try (Socket peer = listener.accept()) {
                if (!running) {
                    return; // the tear-down's wake-up connection, which sends nothing
                }
                InputStream in = peer.getInputStream();
                if (in.read() < 0) {
                    throw new EOFException("client sent nothing");
                }
                OutputStream out = peer.getOutputStream();
                out.write(2);
            }
        }
    }

    @Benchmark
    public int connectExchangeClose() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address);
            socket.getOutputStream().write(1);
            InputStream in = socket.getInputStream();
            int reply = in.read();
            if (reply != 2 || in.read() != -1) {
                throw new IllegalStateException("unexpected reply " + reply);
            }
            return reply;
        }
    }

    /** Stops the server with one last connection rather than by closing it under a pending accept. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        running = false;
        try (Socket wake = new Socket(address.getAddress(), address.getPort())) {
            if (wake.getInputStream().read() != -1) {
                throw new IllegalStateException("the server answered the wake-up connection");
            }
        }
        server.finish();
        listener.close();
    }
}
