package io.socketwatch.agent.event;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import java.net.InetSocketAddress;

/**
 * One classified socket failure, as captured on the failing thread. Everything costly (stack frames, strings,
 * telemetry) is derived later, off that thread.
 */
public final class FailureEvent {

    private final long epochNanos;
    private final Operation operation;
    private final ErrorType errorType;
    private final Role role;
    private final InetSocketAddress peer;
    private final InetSocketAddress local;
    private final Throwable failure;
    private final Throwable callSite;
    private final ResetCause resetCause;
    private final int unreadBytes;
    private final String threadName;
    private final Throwable creationSite;
    private final TlsFacts tls;
    private final Throwable applicationSite;
    /** The connection's ledger facts at the failure (issue 5), or null if the connection is not in the ledger. */
    private io.socketwatch.agent.diagnose.ConnectionSnapshot connection;
    /** The application's span current on the failing thread (issue 5, trace correlation), or null. */
    private io.socketwatch.agent.trace.TraceParent traceParent;

    public FailureEvent(long epochNanos, Operation operation, ErrorType errorType, Role role, InetSocketAddress peer,
                        InetSocketAddress local, Throwable failure, Throwable callSite, ResetCause resetCause,
                        int unreadBytes, String threadName) {
        this(epochNanos, operation, errorType, role, peer, local, failure, callSite, resetCause, unreadBytes,
                threadName, null, null, null);
    }

    /**
     * @param creationSite where the application created the connection, when known (Netty channels), or null
     * @param tls what the connection's TLS layer adds, or null for plain TCP
     * @param applicationSite where the application asked for the work, when the failing thread is not its own (the
     *                        JDK HttpClient's selector thread): used if {@code callSite} has no application frame
     */
    public FailureEvent(long epochNanos, Operation operation, ErrorType errorType, Role role, InetSocketAddress peer,
                        InetSocketAddress local, Throwable failure, Throwable callSite, ResetCause resetCause,
                        int unreadBytes, String threadName, Throwable creationSite, TlsFacts tls,
                        Throwable applicationSite) {
        this.epochNanos = epochNanos;
        this.operation = operation;
        this.errorType = errorType;
        this.role = role;
        this.peer = peer;
        this.local = local;
        this.failure = failure;
        this.callSite = callSite;
        this.resetCause = resetCause;
        this.unreadBytes = unreadBytes;
        this.threadName = threadName;
        this.creationSite = creationSite;
        this.tls = tls;
        this.applicationSite = applicationSite;
    }

    public long epochNanos() {
        return epochNanos;
    }

    public Operation operation() {
        return operation;
    }

    public ErrorType errorType() {
        return errorType;
    }

    public Role role() {
        return role;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    public InetSocketAddress local() {
        return local;
    }

    /** The exception the application got, or null for a reset this process sent on close. */
    public Throwable failure() {
        return failure;
    }

    /** Where the application was: the exception itself, or a stack captured on close. */
    public Throwable callSite() {
        return callSite;
    }

    public ResetCause resetCause() {
        return resetCause;
    }

    public int unreadBytes() {
        return unreadBytes;
    }

    public String threadName() {
        return threadName;
    }

    /**
     * Where the application created the connection, when known (Netty channels), or null. Used for the report's
     * application frame when {@link #callSite()} has none: an event loop's stack is library code only.
     */
    public Throwable creationSite() {
        return creationSite;
    }

    /** Null unless the connection carries TLS. */
    public TlsFacts tls() {
        return tls;
    }

    /** Where the application asked for this work if the failing thread was not its own, else null. */
    public Throwable applicationSite() {
        return applicationSite;
    }

    /** server.address/port: the peer for client connections, the local (listening) side for accepted ones. */
    public InetSocketAddress server() {
        return role == Role.SERVER ? local : peer;
    }

    /** Attaches the connection's facts at the failure; returns this. Set on the failing thread before hand-off. */
    public FailureEvent withConnection(io.socketwatch.agent.diagnose.ConnectionSnapshot snapshot) {
        this.connection = snapshot;
        return this;
    }

    /** The connection's ledger facts at the failure, or null. */
    public io.socketwatch.agent.diagnose.ConnectionSnapshot connection() {
        return connection;
    }

    /**
     * Attaches the application's span that was current on the failing thread; returns this. Set on the failing
     * thread before the hand-off to the reporter thread, like {@link #withConnection}.
     */
    public FailureEvent withTraceParent(io.socketwatch.agent.trace.TraceParent parent) {
        this.traceParent = parent;
        return this;
    }

    /** The application's span current when the failure happened, or null (no OpenTelemetry, or no span). */
    public io.socketwatch.agent.trace.TraceParent traceParent() {
        return traceParent;
    }
}
