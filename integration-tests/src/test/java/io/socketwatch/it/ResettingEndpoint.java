package io.socketwatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port on 127.0.0.1 that accepts every connection and resets it at once: close with SO_LINGER 0 sends a TCP RST
 * instead of a FIN (RFC 793 abort; Linux tcp_close with sk_lingertime 0). Point an exporter here to check that the
 * agent does not report, or recurse into, its own failing export traffic.
 */
public final class ResettingEndpoint implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final AtomicInteger resetConnections = new AtomicInteger();
    private final Thread acceptor;

    private ResettingEndpoint(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptAndReset, "resetting-endpoint-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
    }

    public static ResettingEndpoint start() {
        ServerSocket serverSocket;
        try {
            serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the resetting endpoint on 127.0.0.1", e);
        }
        ResettingEndpoint endpoint = new ResettingEndpoint(serverSocket);
        endpoint.acceptor.start();
        return endpoint;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, usable as OTEL_EXPORTER_OTLP_ENDPOINT. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted and reset so far. */
    public int resetConnections() {
        return resetConnections.get();
    }

    private void acceptAndReset() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                socket.setSoLinger(true, 0);
                socket.close();
                resetConnections.incrementAndGet();
            } catch (IOException e) {
                // closed by close(), or one failed accept: keep serving until closed
            }
        }
    }

    @Override
    public void close() {
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
    }
}
