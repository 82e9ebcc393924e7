package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 5 in the sample app: what the spans of the scenarios built for it say about the connection's history, and
 * the hint that history supports, beyond the type/operation/role that {@link ScenarioAssertions} checks for every
 * scenario.
 * <ul>
 *   <li>{@code stale-pooled-connection}: HttpURLConnection reuses a pooled connection that the sample's middlebox
 *       forgot after 5 s idle; the read of the response is reset. The span names a stale pooled connection and the
 *       5 s fingerprint, with the client's quiet time (5.2 s) as idle before the request, one earlier exchange, and
 *       the line that opened the connection. The middlebox's own abortive close is a reset_sent with its hint.</li>
 *   <li>{@code peer-closed-first}: the client read the server's EOF and kept writing: broken_pipe with
 *       peer_closed_first and the "peer closed first, wrote anyway" hint.</li>
 * </ul>
 * Frames and creation sites are checked against the sample app's source, by the {@code // @marker} comments on the
 * lines that make the calls, so a wrong line cannot pass.
 */
final class SampleDiagnosis {

    /** Connections record where they were created only when a stack depth is configured (default 0). */
    static final String STACK_DEPTH = "-Dsocketwatch.connection.stack.depth=16";

    private static final String SAMPLE = ScenarioAssertions.SAMPLE_PACKAGE;
    /** {@code StalePooledConnection.CLIENT_IDLE_MILLIS}: the client's deliberate quiet before it reuses the connection. */
    private static final double CLIENT_IDLE_SECONDS = 5.2;
    /** The agent's coarse clock ticks every 100 ms: each timestamp may lag by up to one tick. */
    private static final double CLOCK_RESOLUTION = 0.1;
    /** What scheduling (and the retry's own work) may add to a quiet time on a busy CI machine. */
    private static final double SCHEDULING_SLACK = 0.5;

    private SampleDiagnosis() {
    }

    /** The extra JVM arguments a scenario's run needs for {@link #assertDiagnosis}; none for the others. */
    static String[] jvmArgs(String scenario) {
        return covers(scenario) ? new String[] {STACK_DEPTH} : new String[0];
    }

    static boolean covers(String scenario) {
        return scenario.equals("stale-pooled-connection") || scenario.equals("peer-closed-first");
    }

    static void assertDiagnosis(String scenario, JvmResult run, OtlpReceiver receiver) {
        String context = run + "\n" + receiver.summary();
        if (scenario.equals("stale-pooled-connection")) {
            assertStalePooledConnection(receiver, context);
        } else if (scenario.equals("peer-closed-first")) {
            assertPeerClosedFirst(receiver, context);
        }
    }

    private static void assertStalePooledConnection(OtlpReceiver receiver, String context) {
        ReceivedSpan reset = receiver.onlySpanWithErrorType("connection_reset", context);
        String where = reset + "\n" + context;
        assertFrame(reset, "StalePooledConnection", "get", "response", where);
        assertEquals("main", reset.stringAttribute("thread.name"), where);
        assertEquals(SAMPLE + "StalePooledConnection.get(StalePooledConnection.java:"
                        + line("StalePooledConnection", "connect") + ")",
                reset.stringAttribute("socketwatch.connection.created_at"),
                "created where the first GET's connect() opened it: " + where);
        assertEquals(Boolean.FALSE, reset.boolAttribute("socketwatch.peer_closed_first"), where);
        assertEquals(1L, reset.longAttribute("socketwatch.connection.exchanges"), "the first GET: " + where);
        assertEquals(10_000L, reset.longAttribute("socketwatch.connection.so_timeout_ms"),
                "HttpURLConnection.setReadTimeout: " + where);
        assertTrue(reset.longAttribute("socketwatch.connection.bytes_in") > 0, where);
        assertTrue(reset.longAttribute("socketwatch.connection.bytes_out") > 0, where);
        double quiet = reset.seconds("socketwatch.connection.idle_before_request");
        assertTrue(quiet >= CLIENT_IDLE_SECONDS - CLOCK_RESOLUTION
                        && quiet <= CLIENT_IDLE_SECONDS + CLOCK_RESOLUTION + SCHEDULING_SLACK,
                "idle before the request " + quiet + " s, the client was quiet " + CLIENT_IDLE_SECONDS + " s\n" + where);
        assertTrue(reset.seconds("socketwatch.connection.idle.write") < 1, "the request was just written: " + where);
        assertTrue(reset.seconds("socketwatch.connection.idle.read") >= CLIENT_IDLE_SECONDS - CLOCK_RESOLUTION,
                "no response byte since the first GET: " + where);
        assertTrue(reset.seconds("socketwatch.connection.age") >= quiet, where);
        String hint = reset.stringAttribute("socketwatch.hint");
        assertNotNull(hint, where);
        assertTrue(hint.startsWith("a reused connection (1 earlier exchange) was reset right after a request was"
                + " written after "), where);
        assertTrue(hint.contains("s idle, before any response byte: most likely a stale pooled connection"), where);
        assertTrue(hint.contains("; the idle time is close to the 5 s idle timeout of the Node.js HTTP server"
                + " (keepAliveTimeout)"), where);

        ReceivedSpan sent = receiver.onlySpanWithErrorType("reset_sent", context);
        where = sent + "\n" + context;
        assertFrame(sent, "Middlebox$End", "reset", "middleboxReset", where);
        assertEquals("linger_zero", sent.stringAttribute("socketwatch.reset.cause"), where);
        assertEquals(Boolean.TRUE, sent.boolAttribute("socketwatch.connection.linger_zero"), where);
        assertEquals(SAMPLE + "Middlebox.accept(Middlebox.java:" + line("Middlebox", "middleboxAccept") + ")",
                sent.stringAttribute("socketwatch.connection.created_at"), where);
        assertTrue(sent.stringAttribute("socketwatch.hint").startsWith(
                "this process caused the reset: SO_LINGER was set on with a 0 s timeout"), where);
    }

    private static void assertPeerClosedFirst(OtlpReceiver receiver, String context) {
        ReceivedSpan pipe = receiver.onlySpanWithErrorType("broken_pipe", context);
        String where = pipe + "\n" + context;
        assertFrame(pipe, "PeerClosedFirst", "keepWriting", "keepWriting", where);
        assertEquals("main", pipe.stringAttribute("thread.name"), where);
        assertEquals(SAMPLE + "Net.connect(Net.java:" + line("Net", "connect") + ")",
                pipe.stringAttribute("socketwatch.connection.created_at"), where);
        assertEquals(Boolean.TRUE, pipe.boolAttribute("socketwatch.peer_closed_first"), where);
        assertEquals(1L, pipe.longAttribute("socketwatch.connection.exchanges"), "hello, then bye: " + where);
        assertEquals(3L, pipe.longAttribute("socketwatch.connection.bytes_in"), "\"bye\": " + where);
        long out = pipe.longAttribute("socketwatch.connection.bytes_out");
        assertTrue(out >= 9 && (out - 5) % 4 == 0, "\"hello\", then \"more\" each time a write succeeded: " + where);
        String hint = pipe.stringAttribute("socketwatch.hint");
        assertNotNull(hint, where);
        assertTrue(hint.startsWith("the peer closed the connection first (this side read its EOF "), where);
        assertTrue(hint.endsWith(") and this side wrote anyway: writing to a connection the peer has closed gets RST"
                + " back, and the write after that fails"), where);
        assertTrue(pipe.seconds("socketwatch.connection.idle") < 1, where);
    }

    /** code.function.name, .file.path and .line.number: {@code className.method} at the marker's line. */
    private static void assertFrame(ReceivedSpan span, String className, String method, String marker, String where) {
        assertEquals(SAMPLE + className + "." + method, span.stringAttribute("code.function.name"), where);
        String file = className.replaceFirst("\\$.*", "") + ".java";
        assertTrue(span.stringAttribute("code.file.path").endsWith(file), where);
        assertEquals((long) line(className.replaceFirst("\\$.*", ""), marker), span.longAttribute("code.line.number"),
                "the line of // @" + marker + " in " + file + ": " + where);
    }

    /** The line of {@code // @marker} in the sample app's source file of {@code className}. */
    private static int line(String className, String marker) {
        Path source = BuildArtifacts.sampleAppJar().getParent().getParent()
                .resolve("src/main/java/io/socketwatch/sample").resolve(className + ".java");
        List<String> lines;
        try {
            lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().endsWith("// @" + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no // @" + marker + " in " + source);
    }
}
