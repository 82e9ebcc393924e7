package io.socketwatch.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent must report for each sample-app scenario: one entry per failure, "error.type operation role" (plus
 * the reset cause for reset_sent, and "tls" for a failure on a TLS connection). The same on JDK 11, 17 and 25; see sample-app/SCENARIOS.md for why each happens.
 */
final class ExpectedFailures {

    static final Map<String, List<String>> BY_SCENARIO = Map.ofEntries(
            // The Go article: the server reads 1 of 2 bytes and closes, so its kernel sends RST; the client's read
            // gets the reset and its next write EPIPE.
            Map.entry("reset-on-read", List.of(
                    "reset_sent close server unread_data", "connection_reset read client", "broken_pipe write client")),
            Map.entry("echo-clean", List.of()),
            Map.entry("echo-reset", List.of(
                    "reset_sent close client linger_zero", "connection_reset read server")),
            Map.entry("echo-write-error", List.of(
                    "reset_sent close client linger_zero", "connection_reset write server")),
            Map.entry("echo-timeout", List.of("read_timeout read server")),
            Map.entry("retry-after-reset", List.of(
                    "reset_sent close server unread_data", "connection_reset read client",
                    "reset_sent close server unread_data", "connection_reset read client")),
            Map.entry("refused", List.of("connection_refused connect client")),
            Map.entry("read-timeout", List.of("read_timeout read client")),
            Map.entry("linger-abort", List.of("reset_sent close client linger_zero", "connection_reset read server")),
            Map.entry("clean", List.of()),
            Map.entry("nio-reset-on-read", List.of(
                    "reset_sent close server unread_data", "connection_reset read client", "broken_pipe write client")),
            Map.entry("nio-selector-reset", List.of(
                    "reset_sent close server unread_data", "connection_reset read client", "broken_pipe write client")),
            Map.entry("nio-refused", List.of("connection_refused connect client")),
            Map.entry("adaptor-reset-on-read", List.of(
                    "reset_sent close server unread_data", "connection_reset read client", "broken_pipe write client")),
            Map.entry("nio-linger-abort", List.of(
                    "reset_sent close client linger_zero", "connection_reset read server")),
            // reset-on-read with an AsynchronousSocketChannel client and CompletionHandlers: the read starts after
            // the RST arrived, so it fails at once on the client's thread, at its read call.
            Map.entry("async-reset-on-read", List.of(
                    "reset_sent close server unread_data", "connection_reset read client", "broken_pipe write client")),
            // A reset under TLS: reported once, at the TCP socket, marked TLS (the JDK's fatal alert written on the
            // dead socket is not a second failure).
            Map.entry("tls-reset", List.of(
                    "reset_sent close server linger_zero tls", "connection_reset read client tls")),
            // TLS itself fails: the client rejects the certificate, the server receives its alert.
            Map.entry("tls-untrusted", List.of("tls handshake client tls", "tls handshake server tls")),
            // The JDK HttpClient meets the reset on its selector thread; the report points at the send() call. It
            // retries the GET once on a new connection, reset too.
            Map.entry("httpclient-reset", List.of(
                    "reset_sent close server linger_zero", "connection_reset read client",
                    "reset_sent close server linger_zero", "connection_reset read client")),
            // The server answered and closed (FIN); the client read the EOF and kept writing: its first write is
            // answered with RST, which in CLOSE_WAIT makes the next write EPIPE.
            Map.entry("peer-closed-first", List.of("broken_pipe write client")),
            // HttpURLConnection reuses a pooled connection that the sample's middlebox forgot while idle: the
            // middlebox answers the request with RST (SO_LINGER 0), the client's read of the response is reset;
            // HttpURLConnection's retry on a new connection succeeds. See SampleDiagnosis for the attributes.
            Map.entry("stale-pooled-connection", List.of(
                    "reset_sent close server linger_zero", "connection_reset read client")));

    private ExpectedFailures() {
    }

    /** Every failure of a full sample-app run ({@code java -jar sample-app.jar}, all scenarios), sorted. */
    static List<String> allScenarios() {
        List<String> all = new ArrayList<>();
        BY_SCENARIO.values().forEach(all::addAll);
        all.sort(null);
        return all;
    }

    /**
     * The same failures as socketwatch.errors counts them once summed over server endpoints: "error.type operation
     * role" -> count (the counter has no reset cause: it is a span attribute only).
     */
    static Map<String, Long> perCounterSeries(List<String> failures) {
        Map<String, Long> counts = new TreeMap<>();
        for (String failure : failures) {
            String[] parts = failure.split(" ");
            counts.merge(parts[0] + " " + parts[1] + " " + parts[2], 1L, Long::sum);
        }
        return counts;
    }

    /** "error.type operation role [cause]" of a received span, in the form the table uses. */
    static String describe(ReceivedSpan span) {
        String cause = span.stringAttribute("socketwatch.reset.cause");
        return span.stringAttribute("error.type") + " " + span.stringAttribute("socketwatch.operation") + " "
                + span.stringAttribute("socketwatch.role") + (cause == null ? "" : " " + cause)
                + (Boolean.TRUE.equals(span.boolAttribute("socketwatch.tls")) ? " tls" : "");
    }
}
