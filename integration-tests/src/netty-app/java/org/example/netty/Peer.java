package org.example.netty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain java.net peer on 127.0.0.1 for the Netty clients: accepts one connection on its own thread and misbehaves
 * in one of a few ways. Its own reports (a reset it sends by closing with SO_LINGER 0) name these methods.
 */
final class Peer implements AutoCloseable {

    interface Behaviour {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private Peer(Behaviour behaviour) throws IOException {
        listener = new ServerSocket(0, 50, NettyScenarios.LOOPBACK);
        Thread thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                behaviour.serve(socket);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "peer-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    static Peer start(Behaviour behaviour) throws IOException {
        return new Peer(behaviour);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Waits until the peer is done with its connection; rethrows what went wrong in it. */
    void awaitDone() throws Exception {
        done.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** Reads the whole request, then aborts: SO_LINGER 0 makes close send RST (and no FIN). */
    static void readRequestThenReset(Socket socket) throws IOException {
        readRequest(socket);
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Reads the whole request, then closes normally (FIN): nothing unread, so no RST from this side's close. */
    static void readRequestThenClose(Socket socket) throws IOException {
        readRequest(socket);
        socket.close();
    }

    /** Reads the request, half-closes (FIN, still reading), reads until the client closes too, then closes. */
    static void readRequestThenHalfClose(Socket socket) throws IOException {
        readRequest(socket);
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
            // drain until the client's FIN
        }
        socket.close();
    }

    private static void readRequest(Socket socket) throws IOException {
        byte[] request = socket.getInputStream().readNBytes(NettyScenarios.REQUEST.length);
        if (request.length != NettyScenarios.REQUEST.length) {
            throw new UncheckedIOException(new IOException("short request: " + request.length + " bytes"));
        }
    }
}
