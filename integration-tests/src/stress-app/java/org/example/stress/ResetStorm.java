package org.example.stress;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A burst of connection resets on 127.0.0.1: {@code java ResetStorm <connections> <threads>}. As many client
 * threads as server threads start together (one latch); each connection is made once and reset once:
 *
 * <ul>
 *   <li>server: accept, write 1 byte, read. The read gets {@code SocketException: Connection reset} (ECONNRESET):
 *       the client's RST arrived while the connection was established and no FIN came before it.</li>
 *   <li>client: connect, read the server's byte (so the server holds the connection: the reset never races the
 *       accept), then SO_LINGER 0 and close: nothing unread, so the kernel aborts the connection with RST
 *       (tcp_close with sk_lingertime 0) instead of sending FIN.</li>
 * </ul>
 *
 * So every connection is exactly two socket failures an observer can classify: a reset this process sent on close
 * (client, linger 0) and a connection reset on read (server).
 *
 * <p>stdout: what the application observed, the same bytes on every run when all went as designed, then lines
 * starting with {@code measured: } (time, heap), which differ from run to run. Exit code 0 when every connection
 * went as designed, 1 otherwise (the first surprises on stderr).
 */
public final class ResetStorm {

    private static final int MAX_SURPRISES_SHOWN = 10;

    private final int connections;
    private final ServerSocket listener;
    private final AtomicInteger acceptSlots = new AtomicInteger();
    private final AtomicInteger connectSlots = new AtomicInteger();
    private final AtomicInteger clientsAsDesigned = new AtomicInteger();
    private final AtomicInteger serverResets = new AtomicInteger();
    private final Surprises surprises = new Surprises(MAX_SURPRISES_SHOWN);

    private ResetStorm(int connections, ServerSocket listener) {
        this.connections = connections;
        this.listener = listener;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ResetStorm <connections> <threads>");
            System.exit(2);
        }
        int connections = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        ResetStorm storm;
        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            storm = new ResetStorm(connections, listener);
            long elapsedNanos = storm.run(threads);
            System.out.println("reset storm: " + connections + " connections, " + threads + " client and " + threads
                    + " server threads");
            System.out.println("client connect, read 1 byte, close with SO_LINGER 0 -> ok: "
                    + storm.clientsAsDesigned);
            System.out.println("server accept, write 1 byte, read -> connection reset: " + storm.serverResets);
            System.out.println("measured: storm-ms=" + elapsedNanos / 1_000_000);
            Heap.printMeasurements(listener);
        }
        boolean asDesigned = storm.clientsAsDesigned.get() == connections && storm.serverResets.get() == connections
                && storm.surprises.count() == 0;
        if (!asDesigned) {
            storm.surprises.print("reset storm");
        }
        System.out.flush();
        System.exit(asDesigned ? 0 : 1);
    }

    private long run(int threads) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        for (int i = 0; i < threads; i++) {
            all.add(new Thread(() -> awaitThen(start, this::serve), "storm-server-" + i));
            all.add(new Thread(() -> awaitThen(start, () -> connectAndReset(address)), "storm-client-" + i));
        }
        all.forEach(Thread::start);
        long started = System.nanoTime();
        start.countDown();
        for (Thread thread : all) {
            thread.join();
        }
        return System.nanoTime() - started;
    }

    private void serve() {
        while (acceptSlots.getAndIncrement() < connections) {
            try (Socket connection = listener.accept()) {
                connection.getOutputStream().write(1);
                InputStream in = connection.getInputStream();
                try {
                    int read = in.read();
                    surprises.add("server read returned " + read + " instead of a reset");
                } catch (SocketException e) {
                    if ("Connection reset".equals(e.getMessage())) {
                        serverResets.incrementAndGet();
                    } else {
                        surprises.add("server read: " + e);
                    }
                }
            } catch (IOException e) {
                surprises.add("server: " + e);
            }
        }
    }

    private void connectAndReset(InetSocketAddress address) {
        while (connectSlots.getAndIncrement() < connections) {
            try (Socket socket = new Socket()) {
                socket.connect(address);
                int read = socket.getInputStream().read();
                if (read != 1) {
                    surprises.add("client read " + read + " instead of the server's byte");
                    continue;
                }
                socket.setSoLinger(true, 0);
                socket.close();
                clientsAsDesigned.incrementAndGet();
            } catch (IOException e) {
                surprises.add("client: " + e);
            }
        }
    }

    private static void awaitThen(CountDownLatch start, Runnable work) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        work.run();
    }
}
