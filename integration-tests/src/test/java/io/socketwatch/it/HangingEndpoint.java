package io.socketwatch.it;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port on 127.0.0.1 that accepts every connection and then never answers: it reads nothing, writes nothing and
 * keeps the connection open until {@link #close()}. An exporter pointed here has its request sent and waits for a
 * response that never comes (a collector stuck in a GC pause, a half-dead proxy), over HTTP/1.1 and HTTP/2 alike.
 */
public final class HangingEndpoint extends LoopbackEndpoint {

    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private HangingEndpoint() {
        super("hanging endpoint");
    }

    public static HangingEndpoint start() {
        HangingEndpoint endpoint = new HangingEndpoint();
        endpoint.startAccepting();
        return endpoint;
    }

    /** Connections accepted (and held) so far. */
    public int heldConnections() {
        return held.size();
    }

    @Override
    void accepted(Socket socket) {
        held.add(socket);
    }

    @Override
    void closed() {
        for (Socket socket : held) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the peer is gone already
            }
        }
    }
}
