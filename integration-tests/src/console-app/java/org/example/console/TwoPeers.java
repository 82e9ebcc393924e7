package org.example.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Failures on two peers, for ConsoleSummaryIT's exit summary:
 *
 * <p>Peer A, a loopback server that answers one request per connection and then drops the connection after an
 * idle time of its own (4.8, 5.0 and 5.2 s: around the 5 s keepAliveTimeout of Node.js) with SO_LINGER 0, so its
 * kernel aborts it with RST. Three clients, one per idle time, concurrently: each reads its answer and blocks in the
 * next read, which the RST fails with "Connection reset". So peer A has 3 connection_reset on read on the client side
 * and 3 reset_sent on close on the server side ("clients of" A), with known idle times that both sides measure and
 * print here.
 *
 * <p>Peer B, a port with nothing listening: 2 connection_refused on connect, with no connection history (idle n/a).
 *
 * <p>The server's idle waits are the idle periods under test, not synchronisation: each client waits for its answer
 * and then for the reset (a kernel fact); the main thread joins every thread before it prints what they saw.
 */
public final class TwoPeers {

    static final long[] IDLE_MILLIS = {4_800, 5_000, 5_200};
    static final int REQUEST = 100;
    static final int RESPONSE = 300;
    static final int REFUSED = 2;

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        refused(loopback);
        idleThenReset(loopback);
        System.out.println("done");
    }

    /** A port that was bound and released: nothing listens there, the kernel answers SYN with RST. */
    static void refused(InetAddress loopback) throws IOException {
        int port;
        try (ServerSocket released = new ServerSocket(0, 1, loopback)) {
            port = released.getLocalPort();
        }
        for (int i = 0; i < REFUSED; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(loopback, port)); // @refusedConnect
                System.out.println("refused " + port + ": connected");
            } catch (ConnectException e) {
                System.out.println("refused " + port + ": " + e.getClass().getName());
            }
        }
    }

    static void idleThenReset(InetAddress loopback) throws Exception {
        int n = IDLE_MILLIS.length;
        long[] serverIdle = new long[n];
        long[] clientIdle = new long[n];
        String[] clientResult = new String[n];
        List<Thread> threads = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0, n, loopback)) {
            int port = listener.getLocalPort();
            System.out.println("resetting " + port);
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    try {
                        Socket peer = listener.accept();
                        Thread handler = new Thread(() -> serve(peer, serverIdle));
                        synchronized (threads) {
                            threads.add(handler);
                        }
                        handler.start();
                    } catch (IOException e) {
                        System.out.println("accept: " + e);
                        return;
                    }
                }
            });
            acceptor.start();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                Thread client = new Thread(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(loopback, port));
                        byte[] request = new byte[REQUEST];
                        request[0] = (byte) id; // tells the server which idle time this connection gets
                        socket.getOutputStream().write(request);
                        InputStream in = socket.getInputStream();
                        readFully(in, RESPONSE);
                        long answered = System.nanoTime();
                        try {
                            // Blocks until the server's RST.
                            int next = in.read(); // @idleRead
                            clientResult[id] = "read " + next;
                        } catch (IOException e) {
                            clientIdle[id] = System.nanoTime() - answered;
                            clientResult[id] = e.getClass().getName() + ": " + e.getMessage();
                        }
                    } catch (IOException e) {
                        clientResult[id] = "setup failed: " + e;
                    }
                });
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
            acceptor.join(); // after it, every handler thread is in the list
            synchronized (threads) {
                for (Thread handler : threads) {
                    handler.join();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            System.out.println("client " + i + ": idle " + TimeUnit.NANOSECONDS.toMillis(clientIdle[i]) + " ms: "
                    + clientResult[i]);
        }
        for (int i = 0; i < n; i++) {
            System.out.println("server " + i + ": idle " + TimeUnit.NANOSECONDS.toMillis(serverIdle[i]) + " ms");
        }
    }

    /**
     * Answers one request, keeps the connection idle for the time the request asks for, then aborts it: SO_LINGER
     * on with 0 s makes close() send RST (and NioSocketImpl, JDK 13+, skips the FIN it sends first otherwise).
     */
    static void serve(Socket peer, long[] serverIdle) {
        try {
            byte[] request = readFully(peer.getInputStream(), REQUEST);
            int id = request[0];
            peer.getOutputStream().write(new byte[RESPONSE]);
            long answered = System.nanoTime();
            Thread.sleep(IDLE_MILLIS[id]); // the idle period under test
            peer.setSoLinger(true, 0);
            serverIdle[id] = System.nanoTime() - answered;
            peer.close(); // @abort
        } catch (IOException e) {
            System.out.println("server: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int read = 0;
        while (read < length) {
            int got = in.read(buffer, read, length - read);
            if (got < 0) {
                throw new IOException("EOF after " + read + " of " + length + " bytes");
            }
            read += got;
        }
        return buffer;
    }
}
