package org.example.diagnose;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Two failures whose connection history tells what happened (DiagnosisIT asserts the span attributes and hints):
 *
 * <p>write-after-eof: a server answers one request and closes; the client reads the answer and the EOF, then keeps
 * writing. The first write after the EOF is accepted by the kernel and answered by the peer with RST (its socket is
 * closed), and a later write fails with EPIPE.
 *
 * <p>channel-write-after-eof: the same on a blocking SocketChannel, whose read and write count their bytes where
 * the JDK normalizes the system call's result (JDK 11 and 17) or before each return (JDK 25), not like a Socket's.
 *
 * <p>idle-timeout: a server that drops connections idle for 5 s (as Node.js's keepAliveTimeout does) without telling
 * the client, and answers the next request on a dropped connection with RST: it reads one byte of it and closes with
 * the rest unread (and SO_LINGER 0), which makes its kernel abort the connection. Its idle timer is the behaviour under test, not a
 * test delay: the client waits for the server's signal that the connection was dropped, then reuses it at once, as
 * a pooled client does.
 */
public final class Diagnose {

    static final int REQUEST = 100;
    static final int RESPONSE = 300;
    static final long IDLE_TIMEOUT_MILLIS = 5_000;

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        writeAfterEof(loopback);
        channelWriteAfterEof(loopback);
        idleTimeout(loopback);
        System.out.println("done");
    }

    static void writeAfterEof(InetAddress loopback) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            Thread server = answerOnceAndClose(listener, "write-after-eof");
            try (Socket client = connect(loopback, listener.getLocalPort())) {
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                out.write(new byte[REQUEST]);
                readFully(in, RESPONSE);
                System.out.println("write-after-eof: eof " + in.read());
                server.join();
                int writes = 0;
                try {
                    // The first write reaches a closed socket, whose kernel answers RST; a later one fails. Bounded:
                    // on loopback the RST is processed before the next write's system call returns.
                    while (writes < 1_000) {
                        writes++;
                        out.write(new byte[10]); // @writeAfterEof
                    }
                    System.out.println("write-after-eof: no failure after " + writes + " writes");
                } catch (IOException e) {
                    System.out.println("write-after-eof: write " + writes + ": " + e.getClass().getName());
                }
            }
        }
    }

    static void channelWriteAfterEof(InetAddress loopback) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            Thread server = answerOnceAndClose(listener, "channel-write-after-eof");
            try (SocketChannel client = SocketChannel.open()) {
                client.connect(new InetSocketAddress(loopback, listener.getLocalPort())); // @channelConnect
                ByteBuffer request = ByteBuffer.allocate(REQUEST);
                while (request.hasRemaining()) {
                    client.write(request);
                }
                ByteBuffer response = ByteBuffer.allocate(RESPONSE + 1);
                int n = 0;
                while (n >= 0) {
                    n = client.read(response);
                }
                System.out.println("channel-write-after-eof: read " + response.position() + ", eof " + n);
                server.join();
                int writes = 0;
                try {
                    while (writes < 1_000) { // bounded, as in writeAfterEof
                        writes++;
                        client.write(ByteBuffer.allocate(10)); // @channelWriteAfterEof
                    }
                    System.out.println("channel-write-after-eof: no failure after " + writes + " writes");
                } catch (IOException e) {
                    System.out.println("channel-write-after-eof: write " + writes + ": " + e.getClass().getName());
                }
            }
        }
    }

    /** A server thread that reads one request, writes the response and closes: cleanly, nothing left unread. */
    static Thread answerOnceAndClose(ServerSocket listener, String scenario) {
        Thread server = new Thread(() -> {
            try (Socket peer = listener.accept()) {
                readFully(peer.getInputStream(), REQUEST);
                peer.getOutputStream().write(new byte[RESPONSE]);
            } catch (IOException e) {
                System.out.println(scenario + " server: " + e);
            }
        });
        server.start();
        return server;
    }

    static void idleTimeout(InetAddress loopback) throws Exception {
        CountDownLatch dropped = new CountDownLatch(1);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-timer");
            t.setDaemon(true);
            return t;
        });
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            Thread server = new Thread(() -> {
                try {
                    Socket peer = accept(listener);
                    InputStream in = peer.getInputStream();
                    readFully(in, REQUEST);
                    peer.getOutputStream().write(new byte[RESPONSE]);
                    // The response is written: the connection is idle from here, and dropped after the timeout.
                    timer.schedule(dropped::countDown, IDLE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    int first = in.read(); // the next request arrives on a dropped connection
                    System.out.println("idle-timeout server: next request " + (first >= 0));
                    // SO_LINGER 0 as well: NioSocketImpl.close() (JDK 13+) shuts the output down first (a FIN)
                    // unless SO_LINGER is 0, and a FIN ahead of the RST makes the client's read return EOF.
                    peer.setSoLinger(true, 0);
                    peer.close(); // @resetUnread
                } catch (IOException e) {
                    System.out.println("idle-timeout server: " + e);
                }
            });
            server.start();
            try (Socket client = connect(loopback, listener.getLocalPort())) {
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                out.write(new byte[REQUEST]);
                readFully(in, RESPONSE);
                dropped.await();
                out.write(new byte[REQUEST]);
                try {
                    System.out.println("idle-timeout: read " + in.read()); // @readAfterIdle
                } catch (IOException e) {
                    System.out.println("idle-timeout: " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
            server.join();
        } finally {
            timer.shutdownNow();
        }
    }

    static Socket connect(InetAddress loopback, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(loopback, port)); // @connect
        return socket;
    }

    static Socket accept(ServerSocket listener) throws IOException {
        return listener.accept(); // @acceptCall
    }

    static void readFully(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                throw new IOException("EOF after " + read + " of " + length + " bytes");
            }
            read += n;
        }
    }
}
