package io.socketwatch.agent.ledger;

/**
 * What layers above a transport connection tell about it, kept apart from {@link Connection} because it may arrive
 * before the connection is open (the JDK HttpClient binds a request to its channel before connecting it) and only
 * some connections have it: the TLS session it carries, and the application's call site when the I/O runs on
 * threads that have none (the HttpClient's selector and executor threads).
 */
public final class ConnectionContext {

    private volatile TlsLink tls;
    private volatile Throwable applicationSite;
    private volatile boolean connectFailed;

    ConnectionContext() {
    }

    /** The TLS session this connection carries, or null for plain TCP (or TLS the agent was not told about). */
    public TlsLink tls() {
        return tls;
    }

    void tls(TlsLink link) {
        this.tls = link;
    }

    /** Where the application asked for the work now running on this connection; null if it is the failing thread. */
    public Throwable applicationSite() {
        return applicationSite;
    }

    public void applicationSite(Throwable site) {
        this.applicationSite = site;
    }

    /** True once a connect of this socket failed (and was reported). */
    public boolean connectFailed() {
        return connectFailed;
    }

    public void markConnectFailed() {
        this.connectFailed = true;
    }
}
