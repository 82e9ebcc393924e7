package org.example.stress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Healthy connection churn on 127.0.0.1: {@code java Churn <max connections> <max seconds> <threads>} makes
 * short-lived connections from as many client threads as server threads until either limit is reached:
 *
 * <ul>
 *   <li>client: connect, write 1 byte, read it back, read end-of-stream, close;</li>
 *   <li>server: accept, read 1 byte, write it back, close.</li>
 * </ul>
 *
 * The server closes first, so TIME_WAIT stays on its side (one port, any number of peers) and the client's
 * ephemeral ports are free again at once: a million connections do not run out of them. Nothing fails; nothing is
 * left unread at any close.
 *
 * <p>stdout: one line with the connection count, time and rate, then {@code measured: } lines. Exit code 0 when
 * every connection went as designed, 1 otherwise (the first surprises on stderr).
 */
public final class Churn {

    private static final int MAX_SURPRISES_SHOWN = 10;

    private final int maxConnections;
    private final long deadlineNanos;
    private final ServerSocket listener;
    private final AtomicInteger connectSlots = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final Surprises surprises = new Surprises(MAX_SURPRISES_SHOWN);
    private volatile boolean stopping;

    private Churn(int maxConnections, long deadlineNanos, ServerSocket listener) {
        this.maxConnections = maxConnections;
        this.deadlineNanos = deadlineNanos;
        this.listener = listener;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Churn <max connections> <max seconds> <threads>");
            System.exit(2);
        }
        int maxConnections = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        Churn churn;
        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            churn = new Churn(maxConnections, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), listener);
            long elapsedNanos = churn.run(threads);
            long connections = churn.completed.get();
            long millis = Math.max(1, elapsedNanos / 1_000_000);
            System.out.println("churn: " + connections + " connections in " + millis + " ms from " + threads
                    + " client threads, " + connections * 1000 / millis + " per second");
            System.out.println("measured: connections=" + connections);
            System.out.println("measured: churn-ms=" + millis);
            Heap.printMeasurements(listener);
        }
        boolean asDesigned = churn.surprises.count() == 0;
        if (!asDesigned) {
            churn.surprises.print("churn");
        }
        System.out.flush();
        System.exit(asDesigned ? 0 : 1);
    }

    private long run(int threads) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> servers = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        for (int i = 0; i < threads; i++) {
            servers.add(new Thread(this::serve, "churn-server-" + i));
            clients.add(new Thread(() -> awaitThen(start, () -> connectRepeatedly(address)), "churn-client-" + i));
        }
        servers.forEach(Thread::start);
        clients.forEach(Thread::start);
        long started = System.nanoTime();
        start.countDown();
        for (Thread client : clients) {
            client.join();
        }
        long elapsed = System.nanoTime() - started;
        // Every client read end-of-stream, so every server thread is back in (or on its way to) accept: one more
        // connection each, answered by closing it, lets each of them see the flag and end.
        stopping = true;
        for (int i = 0; i < servers.size(); i++) {
            try (Socket wakeUp = new Socket()) {
                wakeUp.connect(address);
                if (wakeUp.getInputStream().read() != -1) {
                    surprises.add("wake-up connection: data instead of end-of-stream");
                }
            } catch (IOException e) {
                surprises.add("wake-up connection: " + e);
            }
        }
        for (Thread server : servers) {
            server.join();
        }
        return elapsed;
    }

    private void connectRepeatedly(InetSocketAddress address) {
        while (System.nanoTime() - deadlineNanos < 0 && connectSlots.getAndIncrement() < maxConnections) {
            try (Socket socket = new Socket()) {
                socket.connect(address);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(42);
                int echoed = in.read();
                int end = in.read();
                if (echoed != 42 || end != -1) {
                    surprises.add("client read " + echoed + " then " + end + " instead of 42 then end-of-stream");
                    continue;
                }
            } catch (IOException e) {
                surprises.add("client: " + e);
                continue;
            }
            completed.incrementAndGet();
        }
    }

    private void serve() {
        while (true) {
            try (Socket connection = listener.accept()) {
                if (stopping) {
                    return;
                }
                int read = connection.getInputStream().read();
                if (read == -1) {
                    surprises.add("server read end-of-stream instead of a byte");
                    continue;
                }
                connection.getOutputStream().write(read);
            } catch (IOException e) {
                surprises.add("server: " + e);
                if (listener.isClosed()) {
                    return;
                }
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
