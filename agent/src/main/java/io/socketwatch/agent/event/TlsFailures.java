package io.socketwatch.agent.event;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.classify.TlsReason;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.ledger.Connection;
import io.socketwatch.agent.ledger.ConnectionContext;
import io.socketwatch.agent.ledger.ConnectionLedger;
import io.socketwatch.agent.ledger.TlsLink;
import io.socketwatch.agent.ledger.TlsProbe;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;

/**
 * TLS over the transport connections the socket hooks see: one report per broken connection, whichever layer broke.
 *
 * <ul>
 *   <li>The transport breaks first (reset, broken pipe): the socket hooks report it, marked as TLS. The JDK's TLS
 *       layer then calls TransportContext.fatal with that same exception and writes a fatal alert on the dead socket
 *       (its failure is added to the exception as suppressed, the application never sees it); later calls say
 *       "Connection has closed" or "Connection or inbound has closed". None of that is reported again.</li>
 *   <li>TLS breaks first (handshake failure, certificate, a received fatal alert, the peer's FIN during the
 *       handshake): reported as {@code tls} from TransportContext.fatal, with the alert and a reason; the transport
 *       failures that follow (the alert written to a peer that already left, a close with the unread rest of the
 *       peer's flight, which sends RST) are not.</li>
 * </ul>
 * Both SSLSocket and SSLEngine fail through TransportContext.fatal; an SSLEngine's transport is known only when the
 * code that pairs them says so ({@link #engineBound}): the JDK HttpClient does, through its exchange hook.
 */
final class TlsFailures {

    private final ConnectionLedger ledger;
    private final FailureSink sink;
    /** A fatal failure decided at TransportContext.fatal's entry, reported with the exception it then throws. */
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();

    TlsFailures(ConnectionLedger ledger, FailureSink sink) {
        this.ledger = ledger;
        this.sink = sink;
    }

    /** An SSLSocketImpl connected its transport (client, accepted, or layered over a connected socket). */
    void socketReady(Object sslSocket) {
        Object context = TlsProbe.context(sslSocket);
        Object transport = TlsProbe.transportOf(sslSocket);
        if (context != null && transport != null) {
            ledger.linkTls(context, transport);
        }
    }

    /** Any SSLEngine paired with its transport by the code that uses it. */
    void engineBound(Object engine, Object transport) {
        Object context = TlsProbe.context(engine);
        if (context != null && transport != null) {
            ledger.linkTls(context, transport);
        }
    }

    /**
     * Decides, for a transport failure of a TLS connection, whether it is the connection's one report. A read
     * timeout or an interrupt leaves the connection usable (SSLSocketImpl.handleException rethrows
     * InterruptedIOException without breaking the connection), so it neither claims the report nor is a follow-on.
     */
    static boolean claimTransportFailure(TlsLink link, ErrorType type) {
        if (type == ErrorType.READ_TIMEOUT || type == ErrorType.INTERRUPTED) {
            return !link.broken();
        }
        return link.markBroken();
    }

    /** The TLS facts of a transport failure on {@code link}'s connection: the protocol version, once negotiated. */
    static TlsFacts transportFacts(TlsLink link) {
        Object context = link.context();
        return TlsFacts.transport(context == null ? null : TlsProbe.protocolVersion(context));
    }

    /** TransportContext.fatal entered: before the JDK writes its alert and closes the transport. */
    void failing(Object context, Object alert, boolean received, Throwable cause) {
        TlsLink link = ledger.tlsSession(context);
        Object transport = link.transport();
        Connection connection = transport == null ? null : ledger.find(transport);
        boolean internal = connection != null ? connection.internal() : InternalThreads.isCurrent();
        if (!link.markBroken() || internal || isTransportFailure(cause)) {
            // Already reported (by the transport, or by an earlier fatal of this session: fatal rethrows its first
            // close reason), the agent's own traffic, or a transport failure the TLS layer passes on.
            return;
        }
        // Everything that needs the open connection is read now: fatal closes the transport before it throws.
        boolean handshaking = TlsProbe.handshaking(context);
        Role role;
        InetSocketAddress peer;
        InetSocketAddress local;
        if (connection != null) {
            role = connection.role();
            peer = connection.remote();
            local = connection.local(transport);
        } else {
            SSLEngine engine = TlsProbe.engine(context);
            Boolean client = TlsProbe.clientMode(context);
            role = client == null ? Role.UNKNOWN : client ? Role.CLIENT : Role.SERVER;
            peer = engine == null || role != Role.CLIENT ? null : TlsProbe.enginePeer(engine);
            local = null;
        }
        ConnectionContext connectionContext = transport == null ? null : ledger.contextIfAny(transport);
        pending.set(new Pending(context, TlsProbe.alertName(alert), received, handshaking,
                TlsProbe.protocolVersion(context), role, peer, local,
                connectionContext == null ? null : connectionContext.applicationSite()));
    }

    /** TransportContext.fatal is throwing {@code failure}: the exception the application gets. */
    void failed(Object context, Throwable failure) {
        Pending decided = pending.get();
        if (decided == null || decided.context != context) {
            return;
        }
        pending.remove();
        TlsReason reason = TlsReason.of(decided.alert, decided.received, decided.handshaking, failure);
        if (reason == TlsReason.PEER_CLOSED && !decided.handshaking) {
            // The peer's FIN without close_notify after the handshake: how many servers end connections. SSLSocket
            // accepts it by default (it only throws with com.sun.net.ssl.requireCloseNotify), and SSLEngine users
            // such as Netty ignore what SSLEngine.closeInbound() throws for it. Not a failure of the connection.
            return;
        }
        sink.accept(new FailureEvent(SocketEventHandler.nowNanos(),
                decided.handshaking ? Operation.HANDSHAKE : Operation.READ, ErrorType.TLS, decided.role,
                decided.peer, decided.local, failure, failure, null, 0, Thread.currentThread().getName(), null,
                TlsFacts.failure(decided.version, decided.alert, decided.received, reason), decided.applicationSite));
    }

    /**
     * An I/O failure of the transport that the TLS layer passes to fatal (SSLSocketImpl.handleException does so for
     * every SocketException): the socket hooks saw and reported it. EOF is the exception: the JDK turns the peer's
     * FIN into an SSLException itself, and a bare EOFException here is the peer leaving mid-record.
     */
    private static boolean isTransportFailure(Throwable cause) {
        return cause instanceof IOException && !(cause instanceof javax.net.ssl.SSLException)
                && !(cause instanceof EOFException);
    }

    private static final class Pending {
        final Object context;
        final String alert;
        final boolean received;
        final boolean handshaking;
        final String version;
        final Role role;
        final InetSocketAddress peer;
        final InetSocketAddress local;
        final Throwable applicationSite;

        Pending(Object context, String alert, boolean received, boolean handshaking, String version, Role role,
                InetSocketAddress peer, InetSocketAddress local, Throwable applicationSite) {
            this.context = context;
            this.alert = alert;
            this.received = received;
            this.handshaking = handshaking;
            this.version = version;
            this.role = role;
            this.peer = peer;
            this.local = local;
            this.applicationSite = applicationSite;
        }
    }
}
