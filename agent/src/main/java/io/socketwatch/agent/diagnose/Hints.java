package io.socketwatch.agent.diagnose;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code socketwatch.hint}: what most likely happened, in plain words, when the facts of a failure match a known
 * pattern; null otherwise. The rules are tried in order and the first that matches wins. Each one states the facts
 * it rests on; none guesses past them: no hint is better than a wrong one.
 */
public final class Hints {

    /**
     * How soon after the request a reset still counts as its answer: the RST a dropped flow sends back arrives one
     * round trip after the request, which stays far below a second on any terrestrial path. A reset that comes later
     * followed processing at the peer, so the request itself, not staleness, is the better suspect.
     */
    static final long ANSWER_WINDOW = TimeUnit.SECONDS.toNanos(1);
    /**
     * The least quiet time before a request for a pooled connection to count as stale: connections used back to
     * back (sub-second gaps) are not what idle timeouts close.
     */
    static final long STALE_QUIET = TimeUnit.SECONDS.toNanos(1);

    private Hints() {
    }

    public static String hint(FailureFacts facts) {
        String hint = resetSentHere(facts);
        if (hint == null) {
            hint = wroteAfterEof(facts);
        }
        if (hint == null) {
            hint = stalePooled(facts);
        }
        if (hint == null) {
            hint = idleTimeout(facts);
        }
        return hint;
    }

    /** This process's close sent the RST (Linux tcp_close: unread data, or SO_LINGER on with 0 s). */
    private static String resetSentHere(FailureFacts f) {
        if (f.type != ErrorType.RESET_SENT || f.resetCause == null) {
            return null;
        }
        if (f.resetCause == ResetCause.UNREAD_DATA) {
            return "this process caused the reset: it closed the connection with " + f.unreadBytes
                    + " unread bytes in its receive buffer, and the kernel answers such a close with RST instead of"
                    + " FIN (read what the peer sent, or shut down output and drain, before closing)";
        }
        return "this process caused the reset: SO_LINGER was set on with a 0 s timeout, so close() aborts the"
                + " connection with RST instead of FIN";
    }

    /** The peer's EOF was read, and a later write failed: the peer answered the write to its closed socket with RST. */
    private static String wroteAfterEof(FailureFacts f) {
        if (f.operation != Operation.WRITE || !f.eofSeen
                || (f.type != ErrorType.BROKEN_PIPE && f.type != ErrorType.CONNECTION_RESET)) {
            return null;
        }
        String when = f.sinceEof == FailureFacts.UNKNOWN ? "" : " " + seconds(f.sinceEof) + " s before";
        return "the peer closed the connection first (this side read its EOF" + when
                + ") and this side wrote anyway: writing to a connection the peer has closed gets RST back, and the"
                + " write after that fails";
    }

    /**
     * A client reused a connection (at least one earlier exchange), was quiet a while, wrote a request, and the
     * reset came back right after it, before any response byte: the connection was already dead at the other end.
     */
    private static String stalePooled(FailureFacts f) {
        if (f.role != Role.CLIENT || f.operation != Operation.READ || f.type != ErrorType.CONNECTION_RESET
                || f.eofSeen || f.earlierExchanges() < 1 || !f.lastWasWrite()
                || f.sinceLastWrite > ANSWER_WINDOW || f.quietBeforeRequest < STALE_QUIET) {
            return null;
        }
        String hint = "a reused connection (" + f.earlierExchanges() + " earlier exchange"
                + (f.earlierExchanges() == 1 ? "" : "s") + ") was reset right after a request was written after "
                + seconds(f.quietBeforeRequest) + " s idle, before any response byte: most likely a stale pooled"
                + " connection that the server or a middlebox had already closed";
        List<IdleTimeouts.Known> near = IdleTimeouts.near(f.quietBeforeRequest);
        if (!near.isEmpty()) {
            hint += "; the idle time is close to " + IdleTimeouts.describe(near);
        }
        return hint + " (evict pooled connections before they idle that long, or validate them)";
    }

    /**
     * The connection failed out of a quiet period close to a well-known idle timeout: either it failed while idle
     * (a middlebox sent RST at its timeout), or the first write after the quiet period was answered with RST.
     */
    private static String idleTimeout(FailureFacts f) {
        if (f.type != ErrorType.CONNECTION_RESET && f.type != ErrorType.BROKEN_PIPE) {
            return null;
        }
        long idle = f.idleBeforeFailure();
        if (idle == FailureFacts.UNKNOWN) {
            return null;
        }
        List<IdleTimeouts.Known> near = IdleTimeouts.near(idle);
        if (near.isEmpty()) {
            return null;
        }
        return "the connection failed after " + seconds(idle) + " s idle, close to " + IdleTimeouts.describe(near)
                + ": that idle timeout most likely closed it (keep it busier, e.g. TCP keepalive or pool eviction,"
                + " below that)";
    }

    /** Seconds with one decimal, locale-independent. */
    static String seconds(long nanos) {
        return SecondsText.of(nanos);
    }
}
