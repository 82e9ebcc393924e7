package io.socketwatch.agent.ledger;

/**
 * Where the application created a connection, for failures that happen where no application code is on the stack:
 * Netty does all I/O on its event loop, so the exception of a failed read, write or connect has only Netty and JDK
 * frames. The site is a stack captured on the application's thread when it created the channel: for a client, in
 * {@code Bootstrap.connect(...)}; for a connection a server accepted, the server channel's site, captured in
 * {@code ServerBootstrap.bind(...)}. Keyed weakly by identity, by the Netty channel and, for Netty's NIO transport,
 * by the JDK SocketChannel it wraps, which is what the JDK hooks see.
 */
public final class CreationSites {

    private final WeakIdentityMap<Object, Throwable> sites = new WeakIdentityMap<>();

    /** Records {@code site} for {@code connection} unless one is already known (constructors may chain). */
    public void record(Object connection, Throwable site) {
        if (connection != null && site != null && sites.get(connection) == null) {
            sites.put(connection, site);
        }
    }

    /** The stack captured where {@code connection} was created, or null. */
    public Throwable find(Object connection) {
        return connection == null ? null : sites.get(connection);
    }

    public int size() {
        return sites.size();
    }
}
