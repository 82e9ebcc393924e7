package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.diagnose.ConnectionSnapshot;
import io.socketwatch.agent.diagnose.SecondsText;
import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.event.TlsFacts;
import io.socketwatch.agent.summary.PeerDiagnoses;
import io.socketwatch.agent.summary.PeerLabel;
import io.socketwatch.agent.summary.PeerSummary;
import java.io.PrintStream;
import java.net.InetSocketAddress;

/**
 * The readable report used when no OpenTelemetry exporter is configured: one line per failure on stderr (what
 * happened, where in the code, on which connection, after how long idle), the hint on a line of its own when there
 * is one, and at exit a summary grouped by peer (see PeerSummary).
 */
final class ConsoleOutput implements FailureOutput {

    private final PrintStream out;
    private final ErrorCounts counts;
    private final FailureReporterStats stats;
    /** Median idle and most frequent hint per peer for the exit summary; fed here, on the reporter thread. */
    private final PeerDiagnoses diagnoses = new PeerDiagnoses();

    ConsoleOutput(PrintStream out, ErrorCounts counts, FailureReporterStats stats) {
        this.out = out;
        this.counts = counts;
        this.stats = stats;
    }

    @Override
    public void report(FailureEvent event, StackTraceElement frame) {
        out.println(line(event, frame));
        String hint = hintLine(event);
        if (hint != null) {
            out.println(hint);
        }
        ConnectionSnapshot c = event.connection();
        InetSocketAddress server = event.server();
        String peer = PeerLabel.of(event.role() == Role.SERVER,
                server == null ? null : Endpoints.serverAddress(server), server == null ? -1 : server.getPort());
        diagnoses.record(peer, c == null ? -1 : c.idleBeforeFailure(), c == null ? null : c.hint());
    }

    /**
     * "socketwatch:   hint: ..." when the connection's facts matched a known pattern; null otherwise, and null when
     * the failure line already explains this process's reset (its hint says the same at more length).
     */
    static String hintLine(FailureEvent event) {
        ConnectionSnapshot c = event.connection();
        if (c == null || c.hint() == null || event.resetCause() != null) {
            return null;
        }
        return "socketwatch:   hint: " + c.hint();
    }

    static String line(FailureEvent event, StackTraceElement frame) {
        StringBuilder line = new StringBuilder("socketwatch: ")
                .append(event.errorType().value()).append(" on ").append(event.operation().value())
                .append(", ").append(event.role().value()).append(' ').append(connection(event));
        if (event.tls() != null) {
            line.append(tls(event.tls()));
        }
        if (event.resetCause() != null) {
            line.append(": ").append(explain(event));
        }
        long idle = event.connection() == null ? -1 : event.connection().idleBeforeFailure();
        if (idle >= 0) {
            line.append(", after ").append(SecondsText.of(idle)).append(" s idle");
        }
        if (frame != null) {
            line.append(" at ").append(frame);
        }
        if (event.failure() != null) {
            Throwable failure = event.failure();
            line.append(": ").append(failure.getClass().getName());
            if (failure.getMessage() != null) {
                line.append(": ").append(failure.getMessage());
            }
        }
        if (event.traceParent() != null) {
            // The keys OpenTelemetry's log correlation (MDC) uses, so the application's log lines of the same request
            // are found by grepping for this.
            line.append(" (").append(event.traceParent()).append(')');
        }
        return line.toString();
    }

    /** "local -> peer" for connections this process opened, "local <- peer" for accepted ones. */
    private static String connection(FailureEvent event) {
        String arrow = event.role() == Role.SERVER ? " <- " : " -> ";
        if (event.local() == null) {
            return "to " + Endpoints.describe(event.peer());
        }
        return Endpoints.describe(event.local()) + arrow + Endpoints.describe(event.peer());
    }

    /** " over TLS 1.3", and for a failure of TLS itself its reason and alert. */
    private static String tls(TlsFacts tls) {
        StringBuilder text = new StringBuilder(" over TLS");
        if (tls.protocolVersion() != null) {
            text.append(' ').append(tls.protocolVersion());
        }
        if (tls.reason() != null) {
            text.append(": ").append(tls.reason().value());
        }
        if (tls.alert() != null) {
            text.append(", alert ").append(tls.alert())
                    .append(TlsFacts.PEER.equals(tls.alertOrigin()) ? " received" : " sent");
        }
        return text.toString();
    }

    private static String explain(FailureEvent event) {
        if (event.resetCause() == ResetCause.UNREAD_DATA) {
            int n = event.unreadBytes();
            return "closed with " + n + (n == 1 ? " unread byte" : " unread bytes")
                    + ", so this host sent RST instead of FIN";
        }
        return "closed with SO_LINGER 0, so this host sent RST instead of FIN";
    }

    private String notPrinted() {
        long overRate = stats.droppedOverRate();
        long queueFull = stats.droppedQueueFull();
        if (overRate + queueFull == 0) {
            return "";
        }
        return " (" + (overRate + queueFull) + " not printed one by one: "
                + (overRate > 0 ? overRate + " over the rate limit (socketwatch.spans.per-second)" : "")
                + (overRate > 0 && queueFull > 0 ? ", " : "")
                + (queueFull > 0 ? queueFull + " while the report queue was full" : "") + ")";
    }

    @Override
    public boolean close(long timeoutMillis) {
        long total = counts.total();
        if (total == 0) {
            return true;
        }
        PeerSummary summary = new PeerSummary();
        counts.forEach((key, count) -> summary.add(PeerLabel.of(Role.SERVER.value().equals(key.role),
                key.serverAddress, key.serverPort), key.errorType, key.operation, count));
        out.println("socketwatch: summary: " + total + (total == 1 ? " socket failure" : " socket failures")
                + notPrinted());
        summary.lines(diagnoses).forEach(out::println);
        out.flush();
        return true;
    }
}
