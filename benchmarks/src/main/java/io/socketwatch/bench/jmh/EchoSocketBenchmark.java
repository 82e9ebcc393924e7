package io.socketwatch.bench.jmh;

import java.io.InputStream;
import java.io.OutputStream;
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
 * Loopback echo over blocking java.net.Socket: the client writes 1 KiB and reads the 1 KiB echo, which an echo
 * thread in the same JVM sends back. One operation is one round trip. With the agent, reads and writes carry only
 * an exception handler, so the healthy path should cost nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EchoSocketBenchmark extends Lockstep {

    static final int SIZE = 1024;

    private final byte[] request = new byte[SIZE];
    private final byte[] response = new byte[SIZE];
    private ServerSocket listener;
    private Loopback.ServerThread echo;
    private Socket client;
    private InputStream in;
    private OutputStream out;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        listener = new ServerSocket(0, 50, Loopback.ADDRESS);
        echo = new Loopback.ServerThread("echo-server", this::serve);
        echo.start();
        client = new Socket(Loopback.ADDRESS, listener.getLocalPort());
        client.setTcpNoDelay(true);
        in = client.getInputStream();
        out = client.getOutputStream();
        for (int i = 0; i < SIZE; i++) {
            request[i] = (byte) i;
        }
    }

    private void serve() throws Exception {
        try (Socket peer = listener.accept()) {
            peer.setTcpNoDelay(true);
            InputStream peerIn = peer.getInputStream();
            OutputStream peerOut = peer.getOutputStream();
            byte[] buffer = new byte[SIZE];
            int n;
            while ((n = peerIn.read(buffer)) >= 0) {
                peerOut.write(buffer, 0, n);
            }
        }
    }

    @Benchmark
    public byte roundTrip() throws Exception {
        out.write(request);
        Loopback.readFully(in, response);
        return response[SIZE - 1];
    }

    /** The client closes first with nothing unread, so both sides close cleanly (no reset for the agent to see). */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        echo.finish();
        listener.close();
    }
}
