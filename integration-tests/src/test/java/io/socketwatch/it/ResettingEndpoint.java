package io.socketwatch.it;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port on 127.0.0.1 that accepts every connection and resets it at once: close with SO_LINGER 0 sends a TCP RST
 * instead of a FIN (RFC 793 abort; Linux tcp_close with sk_lingertime 0). Point an exporter here to check that the
 * agent does not report, or recurse into, its own failing export traffic.
 */
public final class ResettingEndpoint extends LoopbackEndpoint {

    private final AtomicInteger resetConnections = new AtomicInteger();

    private ResettingEndpoint() {
        super("resetting endpoint");
    }

    public static ResettingEndpoint start() {
        ResettingEndpoint endpoint = new ResettingEndpoint();
        endpoint.startAccepting();
        return endpoint;
    }

    /** Connections accepted and reset so far. */
    public int resetConnections() {
        return resetConnections.get();
    }

    @Override
    void accepted(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
        resetConnections.incrementAndGet();
    }
}
