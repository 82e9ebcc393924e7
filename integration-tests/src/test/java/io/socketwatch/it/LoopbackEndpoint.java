package io.socketwatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A misbehaving peer on 127.0.0.1: accepts every connection on its own daemon thread and hands it to
 * {@link #accepted(Socket)}, until {@link #close()}. Subclasses decide what the misbehaviour is.
 */
abstract class LoopbackEndpoint implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final Thread acceptor;

    LoopbackEndpoint(String name) {
        try {
            serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the " + name + " on 127.0.0.1", e);
        }
        acceptor = new Thread(this::acceptUntilClosed, name + "-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Starts accepting; call once, after construction. */
    final void startAccepting() {
        acceptor.start();
    }

    /** What to do with each accepted connection, on the acceptor thread. */
    abstract void accepted(Socket socket) throws IOException;

    /** Extra clean-up after the listener closed and the acceptor ended. */
    void closed() {
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, usable as OTEL_EXPORTER_OTLP_ENDPOINT for either protocol. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private void acceptUntilClosed() {
        while (!serverSocket.isClosed()) {
            try {
                accepted(serverSocket.accept());
            } catch (IOException e) {
                // closed by close(), or one failed accept: keep serving until closed
            }
        }
    }

    @Override
    public final void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed();
    }
}
