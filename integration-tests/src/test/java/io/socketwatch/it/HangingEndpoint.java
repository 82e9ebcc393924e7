package io.socketwatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port on 127.0.0.1 that accepts every connection and then never answers: it reads nothing, writes nothing and
 * keeps the connection open until {@link #close()}. An exporter pointed here has its request sent and waits for a
 * response that never comes (a collector stuck in a GC pause, a half-dead proxy), over HTTP/1.1 and HTTP/2 alike.
 */
public final class HangingEndpoint implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private HangingEndpoint(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
        this.acceptor = new Thread(this::acceptAndHold, "hanging-endpoint-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
    }

    public static HangingEndpoint start() {
        ServerSocket serverSocket;
        try {
            serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the hanging endpoint on 127.0.0.1", e);
        }
        HangingEndpoint endpoint = new HangingEndpoint(serverSocket);
        endpoint.acceptor.start();
        return endpoint;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, usable as OTEL_EXPORTER_OTLP_ENDPOINT for either protocol. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Connections accepted (and held) so far. */
    public int heldConnections() {
        return held.size();
    }

    private void acceptAndHold() {
        while (!serverSocket.isClosed()) {
            try {
                held.add(serverSocket.accept());
            } catch (IOException e) {
                // closed by close(), or one failed accept: keep holding until closed
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
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the peer is gone already
            }
        }
    }
}
