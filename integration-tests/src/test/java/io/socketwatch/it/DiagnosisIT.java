package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5 on JDK 11, 17 and 25, with the real agent and a real OTLP receiver: the failure spans carry the
 * connection's history (age, idle, bytes, exchanges, EOF, where it was created) and the hint that history supports,
 * and the idle histogram puts the idle-timeout reset in the bucket of its fingerprint. The program is
 * src/diagnose-app/java/org/example/diagnose/Diagnose.java:
 * <ul>
 *   <li>write-after-eof: the client read the server's response and EOF, then wrote on: broken_pipe with
 *       peer_closed_first and the "peer closed first, wrote anyway" hint;</li>
 *   <li>idle-timeout: a server drops a keep-alive connection after 5 s idle (the Node.js keepAliveTimeout) and
 *       answers the next request with RST by closing it unread: the client's read reset carries the stale pooled
 *       connection hint naming the 5 s timeout, and the server's close is a reset_sent with the unread-bytes hint.</li>
 * </ul>
 */
class DiagnosisIT {

    private static final String MAIN = "org.example.diagnose.Diagnose";
    private static final String PROGRAM = "org.example.diagnose.Diagnose.";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void failureSpansCarryTheConnectionHistoryAndTheHint(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().env(receiver.exporterEnvironment())
                    .jvmArgs(JvmRun.EXIT_EXPORT_WAIT, "-Dsocketwatch.connection.stack.depth=16")
                    .mainClass(ChildPrograms.program("diagnose-app", 11), MAIN)
                    .timeout(Duration.ofSeconds(90)).run();
            run.assertExitCode(0);
            List<String> lines = run.stdoutLines();
            List<String> patterns = List.of(
                    "write-after-eof: eof -1",
                    // The first write after the EOF succeeds (the peer's kernel answers it with RST), a later fails.
                    "write-after-eof: write ([2-9]|\\d\\d+): java\\.net\\.SocketException",
                    "channel-write-after-eof: read 300, eof -1",
                    "channel-write-after-eof: write ([2-9]|\\d\\d+): java\\.io\\.IOException",
                    "idle-timeout server: next request true",
                    "idle-timeout: java\\.net\\.SocketException: Connection reset",
                    "done");
            assertEquals(patterns.size(), lines.size(), "what the application got\n" + run);
            for (int i = 0; i < patterns.size(); i++) {
                assertTrue(lines.get(i).matches(patterns.get(i)), lines.get(i) + " !~ " + patterns.get(i) + "\n" + run);
            }
            long writes = Long.parseLong(lines.get(1).replaceAll("^write-after-eof: write (\\d+):.*", "$1"));
            long channelWrites = Long.parseLong(lines.get(3).replaceAll("^.*: write (\\d+):.*", "$1"));

            ChildReports source = new ChildReports("diagnose-app", MAIN);
            ChildReports.assertExactly(List.of(
                    source.expect("broken_pipe write client", ".writeAfterEof", "writeAfterEof"),
                    source.expect("broken_pipe write client", ".channelWriteAfterEof", "channelWriteAfterEof"),
                    source.expect("connection_reset read client", ".idleTimeout", "readAfterIdle"),
                    source.expect("reset_sent close server unread_data", ".lambda$idleTimeout", "resetUnread")),
                    run, receiver);
            String context = run + "\n" + receiver.summary();
            String connectSite = PROGRAM + "connect(Diagnose.java:" + source.line("connect") + ")";
            String acceptSite = PROGRAM + "accept(Diagnose.java:" + source.line("acceptCall") + ")";

            ReceivedSpan pipe = onlySpanIn(receiver, "broken_pipe", "writeAfterEof", context);
            String where = pipe + "\n" + context;
            assertEquals(Boolean.TRUE, pipe.boolAttribute("socketwatch.peer_closed_first"), where);
            assertEquals(300L, pipe.longAttribute("socketwatch.connection.bytes_in"), where);
            assertEquals(100L + 10 * (writes - 1), pipe.longAttribute("socketwatch.connection.bytes_out"), where);
            assertEquals(1L, pipe.longAttribute("socketwatch.connection.exchanges"), where);
            assertTrue(pipe.stringAttribute("socketwatch.hint").startsWith("the peer closed the connection first"),
                    where);
            assertEquals(connectSite, pipe.stringAttribute("socketwatch.connection.created_at"), where);
            assertTrue(pipe.stringAttribute("socketwatch.connection.created_at.stack").startsWith(connectSite + "\n"),
                    where);
            assertTimes(pipe, where);

            // The same history, counted by the SocketChannel hooks: every byte and the EOF the application got.
            ReceivedSpan channelPipe = onlySpanIn(receiver, "broken_pipe", "channelWriteAfterEof", context);
            where = channelPipe + "\n" + context;
            assertEquals(Boolean.TRUE, channelPipe.boolAttribute("socketwatch.peer_closed_first"), where);
            assertEquals(300L, channelPipe.longAttribute("socketwatch.connection.bytes_in"), where);
            assertEquals(100L + 10 * (channelWrites - 1), channelPipe.longAttribute("socketwatch.connection.bytes_out"),
                    where);
            assertEquals(1L, channelPipe.longAttribute("socketwatch.connection.exchanges"), where);
            assertTrue(channelPipe.stringAttribute("socketwatch.hint").startsWith("the peer closed the connection first"),
                    where);
            assertEquals(PROGRAM + "channelWriteAfterEof(Diagnose.java:" + source.line("channelConnect") + ")",
                    channelPipe.stringAttribute("socketwatch.connection.created_at"), where);
            assertTimes(channelPipe, where);

            ReceivedSpan reset = receiver.onlySpanWithErrorType("connection_reset", context);
            where = reset + "\n" + context;
            assertEquals(Boolean.FALSE, reset.boolAttribute("socketwatch.peer_closed_first"), where);
            assertEquals(300L, reset.longAttribute("socketwatch.connection.bytes_in"), where);
            assertEquals(200L, reset.longAttribute("socketwatch.connection.bytes_out"), where);
            assertEquals(1L, reset.longAttribute("socketwatch.connection.exchanges"), where);
            String hint = reset.stringAttribute("socketwatch.hint");
            assertNotNull(hint, where);
            assertTrue(hint.contains("stale pooled connection"), where);
            assertTrue(hint.contains("close to the 5 s idle timeout of the Node.js HTTP server"), where);
            double quiet = reset.seconds("socketwatch.connection.idle_before_request");
            assertTrue(quiet >= 4.5 && quiet <= 6, "idle before the request " + quiet + "\n" + where);
            assertTrue(reset.seconds("socketwatch.connection.idle.write") < 1, where);
            assertEquals(connectSite, reset.stringAttribute("socketwatch.connection.created_at"), where);
            assertTimes(reset, where);

            ReceivedSpan sent = receiver.onlySpanWithErrorType("reset_sent", context);
            where = sent + "\n" + context;
            assertEquals(99L, sent.longAttribute("socketwatch.reset.unread_bytes"), where);
            assertTrue(sent.stringAttribute("socketwatch.hint").startsWith(
                    "this process caused the reset: it closed the connection with 99 unread bytes"), where);
            assertEquals(acceptSite, sent.stringAttribute("socketwatch.connection.created_at"), where);
            assertEquals(Boolean.TRUE, sent.boolAttribute("socketwatch.connection.linger_zero"), where);
            assertEquals(1L, sent.longAttribute("socketwatch.connection.exchanges"), where);
            assertEquals(101L, sent.longAttribute("socketwatch.connection.bytes_in"), where);
            assertTimes(sent, where);

            // The idle histogram: the client's reset sits in the bucket of the 5 s fingerprint, (4.5, 6] s.
            HistogramDataPoint point = latestHistogramPoint(receiver, "socketwatch.connection.idle_at_failure",
                    "connection_reset", context);
            List<Double> bounds = point.getExplicitBoundsList();
            int bucket = bounds.indexOf(4.5) + 1;
            assertTrue(bucket > 0 && bounds.get(bucket) == 6.0, "bounds " + bounds + "\n" + context);
            assertEquals(1L, point.getCount(), context);
            assertEquals(1L, point.getBucketCounts(bucket), "bucket (4.5, 6] of " + point + "\n" + context);
            HistogramDataPoint age = latestHistogramPoint(receiver, "socketwatch.connection.age_at_failure",
                    "connection_reset", context);
            assertEquals(1L, age.getCount(), context);
            assertTrue(age.getSum() >= 4.5, "age " + age.getSum() + "\n" + context);
        }
    }

    /** The one span of {@code errorType} whose failing frame is in {@code function} of the program. */
    private static ReceivedSpan onlySpanIn(OtlpReceiver receiver, String errorType, String function, String context) {
        List<ReceivedSpan> found = receiver.spans().stream()
                .filter(s -> errorType.equals(s.stringAttribute("error.type"))
                        && (PROGRAM + function).equals(s.stringAttribute("code.function.name")))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(1, found.size(), errorType + " in " + function + "\n" + context);
        return found.get(0);
    }

    /** Age >= idle >= 0; the idle since the last read and since the last write are both there and not above age. */
    private static void assertTimes(ReceivedSpan span, String where) {
        double age = span.seconds("socketwatch.connection.age");
        double idle = span.seconds("socketwatch.connection.idle");
        assertTrue(idle >= 0 && idle <= age, "idle " + idle + " age " + age + "\n" + where);
        assertTrue(span.seconds("socketwatch.connection.idle.read") <= age, where);
        assertTrue(span.seconds("socketwatch.connection.idle.write") <= age, where);
    }

    /** The last exported point of the histogram {@code name} for error.type and server.address 127.0.0.1. */
    private static HistogramDataPoint latestHistogramPoint(OtlpReceiver receiver, String name, String errorType,
                                                          String context) {
        HistogramDataPoint latest = null;
        for (ReceivedMetric metric : receiver.metricsNamed(name)) {
            assertEquals("s", metric.metric().getUnit(), context);
            for (HistogramDataPoint point : metric.metric().getHistogram().getDataPointsList()) {
                Map<String, Object> attributes = OtlpAttributes.toMap(point.getAttributesList());
                if (errorType.equals(attributes.get("error.type"))
                        && "127.0.0.1".equals(attributes.get("server.address"))) {
                    latest = point;
                }
            }
        }
        assertNotNull(latest, name + " for " + errorType + "\n" + context);
        return latest;
    }
}
