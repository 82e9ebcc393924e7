package io.socketwatch.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A misbehaving HTTP/1.1 server on 127.0.0.1 for the client-library tests; runs in the test JVM, without the agent.
 * Each connection is handled on its own thread and its fate is recorded, so a test can say how many real
 * connections a client library made and what happened to each (its retries included).
 */
final class HttpPeer extends LoopbackEndpoint {

    enum Behaviour {
        /** Reads the request, then closes with SO_LINGER 0: an RST instead of an answer. */
        RESET_AFTER_REQUEST,
        /**
         * Reads the request, then half-closes (shutdownOutput: a FIN, no answer) and keeps reading until the client
         * closes its end: the client reads EOF where it waits for the answer.
         */
        HALF_CLOSE_AFTER_REQUEST,
        /** Answers the first request of each connection (keep-alive), resets on the second: a stale pooled one. */
        RESET_SECOND_REQUEST
    }

    static final String BODY = "ok";

    private final Behaviour behaviour;
    private final List<String> fates = new CopyOnWriteArrayList<>();
    private int accepted;

    private HttpPeer(Behaviour behaviour) {
        super("http peer " + behaviour);
        this.behaviour = behaviour;
    }

    static HttpPeer start(Behaviour behaviour) {
        HttpPeer peer = new HttpPeer(behaviour);
        peer.startAccepting();
        return peer;
    }

    /**
     * What happened on each connection, in the order they ended: "reset", "half-closed, then client closed" (or "... reset"),
     * "answered+reset", "answered, then client closed" (the client went away first).
     */
    List<String> fates() {
        return List.copyOf(fates);
    }

    /**
     * {@link #fates()} once every accepted connection has one. Call after the client's process ended: its sockets are
     * closed then, so every connection's thread finishes promptly; bounded at 10 s all the same.
     */
    synchronized List<String> awaitFates() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fates.size() < accepted) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("the peer's connections did not all end: " + accepted + " accepted, fates "
                        + fates);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return fates();
    }

    @Override
    void accepted(Socket socket) {
        synchronized (this) {
            accepted++;
        }
        Thread t = new Thread(() -> serve(socket), "http-peer-connection");
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket socket) {
        String fate;
        try (Socket s = socket) {
            s.setSoTimeout(30_000);
            fate = handle(s);
        } catch (IOException e) {
            fate = "failed: " + e;
        }
        synchronized (this) {
            fates.add(fate);
            notifyAll();
        }
    }

    private String handle(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        if (!readRequest(in)) {
            return "client closed";
        }
        switch (behaviour) {
            case RESET_AFTER_REQUEST:
                abort(socket);
                return "reset";
            case HALF_CLOSE_AFTER_REQUEST:
                socket.shutdownOutput();
                // Whatever the client sends now is read and dropped, so its close cannot become an RST here.
                try {
                    while (in.read() >= 0) {
                        // drain
                    }
                } catch (SocketException e) {
                    return "half-closed, then client reset"; // the client closed abortively (SO_LINGER 0)
                }
                return "half-closed, then client closed";
            case RESET_SECOND_REQUEST:
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                        + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                if (!readRequest(in)) {
                    return "answered, then client closed";
                }
                abort(socket);
                return "answered+reset";
            default:
                throw new IllegalStateException(behaviour.name());
        }
    }

    /** Reads one request head (no body: the clients send GETs). False on EOF before any byte. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return false;
                }
                throw new IOException("EOF inside a request head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    private static void abort(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }
}
