package io.socketwatch.agent.ledger;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TLS session (a sun.security.ssl.TransportContext, of an SSLSocket or an SSLEngine) and the transport connection
 * that carries it, if known. A broken TLS connection is reported once: by the transport when the transport failed
 * first (reset, broken pipe), by the TLS layer when TLS failed first (handshake, alert); whatever fails after that
 * on either layer (the fatal alert the JDK writes on a dead socket, "Connection has closed", the close with unread
 * records) is a follow-on. Both sides are held weakly: this is a value in maps keyed by each of them.
 */
public final class TlsLink {

    private final WeakReference<Object> context;
    private volatile WeakReference<Object> transport;
    private final AtomicBoolean broken = new AtomicBoolean();

    TlsLink(Object context) {
        this.context = new WeakReference<>(context);
    }

    /** The TLS session's TransportContext, or null once collected. */
    public Object context() {
        return context.get();
    }

    /** The transport (SocketImpl or SocketChannel) carrying the session, or null if unknown. */
    public Object transport() {
        WeakReference<Object> ref = transport;
        return ref == null ? null : ref.get();
    }

    void transport(Object socket) {
        this.transport = new WeakReference<>(socket);
    }

    /**
     * Claims the one report of this connection's failure; false if it was already claimed (by either layer), i.e.
     * this failure is a follow-on.
     */
    public boolean markBroken() {
        return broken.compareAndSet(false, true);
    }

    public boolean broken() {
        return broken.get();
    }
}
