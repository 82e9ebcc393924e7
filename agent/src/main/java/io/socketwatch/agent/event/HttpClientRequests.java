package io.socketwatch.agent.event;

import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.ledger.ConnectionLedger;
import io.socketwatch.agent.ledger.HttpClientProbe;
import io.socketwatch.agent.ledger.WeakIdentityMap;

/**
 * The JDK HttpClient's requests and the connections they run on. HttpClient.send and sendAsync create the request
 * (a MultiExchange) on the application's thread and hand it to the client's executor; connects, reads and writes
 * then run on the executor and on the client's selector thread, whose stacks hold no application frame. So the
 * application's call site is captured when the request is created and attached to the connection when an exchange
 * of that request is bound to it (a new connection, or one taken from the pool): a failure on that connection then
 * points at the request that was using it. HTTPS connections also pair their SSLEngine with the channel here.
 *
 * <p>Cost: one stack capture (a Throwable, its frames resolved only if a report needs them) per request, and a few
 * field reads and map updates per exchange.
 */
final class HttpClientRequests {

    private final ConnectionLedger ledger;
    private final TlsFailures tls;
    /** MultiExchange -> where the application created it; weak: a completed request leaves with its MultiExchange. */
    private final WeakIdentityMap<Object, Throwable> sites = new WeakIdentityMap<>();

    HttpClientRequests(ConnectionLedger ledger, TlsFailures tls) {
        this.ledger = ledger;
        this.tls = tls;
    }

    void requestCreated(Object request) {
        if (!InternalThreads.isCurrent()) {
            sites.put(request, new Throwable("HttpClient request"));
        }
    }

    /**
     * An HTTPS connection is being connected for {@code exchange} (an Exchange): with HTTP/2 preferred, its TLS
     * handshake runs before any HTTP/1.1 exchange is bound, so the request's call site is attached here.
     */
    void connecting(Object connection, Object exchange) {
        Object channel = HttpClientProbe.channelOf(connection);
        Throwable site = siteOf(HttpClientProbe.requestOfExchange(exchange));
        if (channel != null && site != null) {
            ledger.context(channel).applicationSite(site);
        }
    }

    /**
     * An Http1Exchange was bound to its connection (on an executor thread, before a new connection is connected), or
     * an HTTPS connection (AsyncSSLConnection) was created: its SSLEngine is paired with its channel.
     */
    void exchangeCreated(Object exchange) {
        Object connection = HttpClientProbe.connectionOf(exchange);
        if (connection == null) {
            connection = exchange; // an AsyncSSLConnection
        }
        Object channel = HttpClientProbe.channelOf(connection);
        if (channel == null) {
            return;
        }
        Throwable site = siteOf(HttpClientProbe.requestOf(exchange));
        if (site != null) {
            ledger.context(channel).applicationSite(site);
        }
        Object engine = HttpClientProbe.engineOf(connection);
        if (engine != null) {
            tls.engineBound(engine, channel);
        }
    }

    private Throwable siteOf(Object request) {
        return request == null ? null : sites.get(request);
    }
}
