package io.socketwatch.agent.ledger;

import io.socketwatch.agent.bootstrap.TrafficIndex;
import io.socketwatch.agent.classify.Role;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-connection facts keyed by the JDK object that carries the connection (a SocketImpl or a SocketChannel),
 * weakly held and bounded: state grows with live sockets, never with the total ever opened.
 */
public final class ConnectionLedger {

    /**
     * Every tracked connection. A successful read or write finds its connection's Traffic in {@link TrafficIndex}
     * first; this map answers for connections without a slot there, and for everything else.
     */
    private final WeakIdentityMap<Object, Connection> connections = new WeakIdentityMap<>();
    /**
     * Sockets whose SO_LINGER is on with a zero timeout, as the application set it (the hooks on setOption see every
     * JDK path: Socket.setSoLinger and setOption, SocketChannel and AsynchronousSocketChannel setOption). Kept apart
     * from the connections because the option is often set before connect. Knowing it here saves a getsockopt per
     * close, which costs ~0.9 us on a VM; listeners cannot set SO_LINGER through the JDK, so no accepted socket
     * inherits it unseen.
     */
    private final WeakIdentityMap<Object, OptionsSet> options = new WeakIdentityMap<>();
    /** Per transport (SocketImpl or SocketChannel): what upper layers said about it; only some connections have one. */
    private final WeakIdentityMap<Object, ConnectionContext> contexts = new WeakIdentityMap<>();
    /** Per TLS session (sun.security.ssl.TransportContext). */
    private final WeakIdentityMap<Object, TlsLink> tlsSessions = new WeakIdentityMap<>();
    private final int capacity;
    private final AtomicLong untracked = new AtomicLong();

    public ConnectionLedger(int capacity) {
        this.capacity = capacity;
    }

    /** Records an opened connection; past capacity the connection is not tracked (its failures still count). */
    public Connection opened(Object socket, Role role, boolean internal, InetSocketAddress remote,
                             InetSocketAddress local) {
        Connection connection = new Connection(socket, role, internal, remote, local);
        if (connections.size() >= capacity) {
            untracked.incrementAndGet();
            return connection;
        }
        connections.put(socket, connection);
        TrafficIndex.add(connection.traffic());
        return connection;
    }

    /**
     * The connection is being closed: its facts leave the ledger now, so the ledger holds live connections only
     * (not every socket the garbage collector has yet to reclaim). Returns them to the one caller that removed
     * them: NioSocketImpl.close() may run more than once, and concurrently.
     */
    public Connection closing(Object socket) {
        Connection removed = connections.remove(socket);
        if (removed != null) {
            TrafficIndex.remove(removed.traffic());
        }
        return removed;
    }

    /** Records the SO_LINGER setting of {@code socket}: on with timeout 0, or anything else. */
    public void lingerSet(Object socket, boolean zero) {
        OptionsSet set = zero ? options.computeIfAbsent(socket, s -> new OptionsSet()) : options.get(socket);
        if (set != null) {
            set.lingerZero = zero;
        }
    }

    /** Records SO_TIMEOUT (milliseconds, 0 = none) as the application set it on a java.net.Socket. */
    public void soTimeoutSet(Object socket, int millis) {
        options.computeIfAbsent(socket, s -> new OptionsSet()).soTimeoutMillis = millis;
    }

    /** Records SO_KEEPALIVE as the application set it. */
    public void keepAliveSet(Object socket, boolean on) {
        options.computeIfAbsent(socket, s -> new OptionsSet()).keepAlive = on ? Boolean.TRUE : Boolean.FALSE;
    }

    /** The options the application set on {@code socket}, or null if it set none that matter here. */
    public OptionsSet options(Object socket) {
        return options.get(socket);
    }

    /** True if the application set SO_LINGER on with timeout 0 on {@code socket}; forgets its options (at close). */
    public boolean takeLingerZero(Object socket) {
        OptionsSet set = takeOptions(socket);
        return set != null && set.lingerZero;
    }

    /** The options the application set on {@code socket}, forgotten here (at close); null if none. */
    public OptionsSet takeOptions(Object socket) {
        return options.remove(socket);
    }

    public Connection find(Object socket) {
        return connections.get(socket);
    }

    /** The facts for a socket opened before the agent saw it (late attach), created on first failure. */
    public Connection findOrAdopt(Object socket, boolean internal, InetSocketAddress remote, InetSocketAddress local) {
        Connection known = connections.get(socket);
        if (known != null) {
            return known;
        }
        return connections.computeIfAbsent(socket, s -> new Connection(s, Role.UNKNOWN, internal, remote, local, 0L));
    }

    public int size() {
        return connections.size();
    }

    /**
     * Closes every open connection of the agent's own exporter (at exit, once the exports were given up on), so that
     * no thread of the agent is left blocked reading one. Returns how many it closed.
     */
    public int closeInternal() {
        int[] closed = {0};
        connections.forEach((socket, connection) -> {
            if (connection.internal() && SocketProbe.close(socket)) {
                closed[0]++;
            }
        });
        return closed[0];
    }

    /** The context of a transport connection, created on first use (also before the connection is open). */
    public ConnectionContext context(Object socket) {
        return contexts.computeIfAbsent(socket, s -> new ConnectionContext());
    }

    /** The context of a transport connection, or null if no upper layer said anything about it. */
    public ConnectionContext contextIfAny(Object socket) {
        return contexts.get(socket);
    }

    /** The TLS session {@code tlsContext} (a sun.security.ssl.TransportContext), created on first use. */
    public TlsLink tlsSession(Object tlsContext) {
        return tlsSessions.computeIfAbsent(tlsContext, TlsLink::new);
    }

    public TlsLink tlsSessionIfAny(Object tlsContext) {
        return tlsSessions.get(tlsContext);
    }

    /** The TLS session {@code tlsContext} runs over {@code transport}: each can now be found from the other. */
    public TlsLink linkTls(Object tlsContext, Object transport) {
        TlsLink link = tlsSession(tlsContext);
        link.transport(transport);
        context(transport).tls(link);
        return link;
    }

    public long untracked() {
        return untracked.get();
    }
}
