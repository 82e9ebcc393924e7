package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one scenario of the TLS test applications (src/tls-app) with the agent exporting to a receiver, and checks
 * what the agent reported, exactly: each failure as {@link #describe a line} with its TLS facts and the first
 * application frame's method, the socketwatch.errors counts, and no contained failure of the agent's own.
 */
final class TlsReports {

    static final String SERVICE = "tls-app";
    static final String APP_PACKAGE = "org.example.tls.";
    /** What {@link #describe} writes for a first frame outside the application (a JDK frame). */
    static final String NOT_THE_APPLICATION = "<not the application>";

    private TlsReports() {
    }

    /** Runs {@code mainClass scenario keystore password} on {@code jdk}; returns the run, asserting a clean exit. */
    static JvmResult run(Jdk jdk, OtlpReceiver receiver, String mainClass, String scenario) {
        JvmResult run = JvmRun.on(jdk).withAgent().env(receiver.exporterEnvironment())
                .env("OTEL_SERVICE_NAME", SERVICE)
                // The receiver always answers; only a loaded machine (2 cores shared by parallel builds) can make the
                // SDK's first export, started by the run's first failure, miss the default 750 ms exit deadline.
                .env("SOCKETWATCH_SHUTDOWN_TIMEOUT_MS", "10000")
                .mainClass(ChildPrograms.program("tls-app", 11), APP_PACKAGE + mainClass, scenario,
                        TestCertificates.keystore().toString(), TestCertificates.PASSWORD)
                .timeout(Duration.ofSeconds(90)).run();
        run.assertExitCode(0);
        return run;
    }

    /**
     * The spans are exactly {@code expected} (as {@link #describe} writes them, any order), each carries the span
     * contract, the counter counts exactly them, and the agent contained no failure of its own.
     */
    static void assertReportedExactly(List<String> expected, JvmResult run, OtlpReceiver receiver) {
        String context = run + "\n" + receiver.summary();
        assertFalse(run.stderr().contains("socketwatch"), "the agent must be silent in OTLP mode:\n" + context);
        assertEquals(List.of(), receiver.errors(), context);
        List<ReceivedSpan> spans = receiver.spans();
        assertEquals(sorted(expected), sorted(spans.stream().map(TlsReports::describe).collect(Collectors.toList())),
                "spans\n" + context);
        spans.forEach(span -> assertSpanContract(span, context));
        List<String> counted = new ArrayList<>();
        for (String line : expected) {
            String[] parts = line.split(" ");
            counted.add(parts[0] + " " + parts[1] + " " + parts[2]);
        }
        ScenarioAssertions.assertCounterIsExact(receiver, counted, context);
        AgentCounters.assertNoContainedErrors(run, receiver, context);
    }

    /** A run in which no socket failed: nothing exported at all, the agent silent. */
    static void assertNothingReported(JvmResult run, OtlpReceiver receiver) {
        String context = run + "\n" + receiver.summary();
        assertFalse(run.stderr().contains("socketwatch"), "the agent must be silent in OTLP mode:\n" + context);
        assertEquals(List.of(), receiver.spans().stream().map(TlsReports::describe).collect(Collectors.toList()),
                context);
        assertEquals(Map.of(), receiver.requestCounts(), "a run without failures exports nothing: " + context);
        AgentCounters.assertNoContainedErrorsOnStderr(run, context);
    }

    /**
     * "error.type operation role [reset cause] [tls=version|tls=?] [alert=name/origin] [reason=r] @function": the
     * function is code.function.name without the package.
     */
    static String describe(ReceivedSpan span) {
        StringBuilder line = new StringBuilder(span.stringAttribute("error.type")).append(' ')
                .append(span.stringAttribute("socketwatch.operation")).append(' ')
                .append(span.stringAttribute("socketwatch.role"));
        String cause = span.stringAttribute("socketwatch.reset.cause");
        if (cause != null) {
            line.append(' ').append(cause);
        }
        if (Boolean.TRUE.equals(span.boolAttribute("socketwatch.tls"))) {
            String version = span.stringAttribute("tls.protocol.version");
            line.append(" tls=").append(version == null ? "?" : version);
        }
        String alert = span.stringAttribute("socketwatch.tls.alert");
        if (alert != null) {
            line.append(" alert=").append(alert).append('/').append(span.stringAttribute("socketwatch.tls.alert.origin"));
        }
        String reason = span.stringAttribute("socketwatch.tls.reason");
        if (reason != null) {
            line.append(" reason=").append(reason);
        }
        String function = span.stringAttribute("code.function.name");
        line.append(" @").append(function != null && function.startsWith(APP_PACKAGE)
                ? function.substring(APP_PACKAGE.length()) : NOT_THE_APPLICATION);
        return line.toString();
    }

    /** What every span carries, whatever its failure (README, "What it reports"). */
    private static void assertSpanContract(ReceivedSpan span, String context) {
        String where = span + "\n" + context;
        assertEquals("socket " + span.stringAttribute("socketwatch.operation"), span.name(), where);
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, span.kind(), where);
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.status().getCode(), where);
        assertEquals(SERVICE, span.resourceAttribute("service.name"), where);
        assertEquals("tcp", span.stringAttribute("network.transport"), where);
        assertEquals("127.0.0.1", span.stringAttribute("network.peer.address"), where);
        assertEquals("127.0.0.1", span.stringAttribute("server.address"), where);
        assertTrue(span.longAttribute("server.port") > 0, where);
        if (!"connect".equals(span.stringAttribute("socketwatch.operation"))) {
            assertEquals("127.0.0.1", span.stringAttribute("network.local.address"), where);
            long listening = "server".equals(span.stringAttribute("socketwatch.role"))
                    ? span.longAttribute("network.local.port") : span.longAttribute("network.peer.port");
            assertEquals(listening, span.longAttribute("server.port"), where);
        }
        assertTrue(span.stringAttribute("code.file.path").endsWith(".java"), where);
        assertNotNull(span.stringAttribute("code.function.name"), where);
        assertTrue(span.longAttribute("code.line.number") > 0, where);
        if (!"reset_sent".equals(span.stringAttribute("error.type"))) {
            Map<String, Object> exception = span.eventAttributes("exception");
            assertNotNull(exception.get("exception.type"), where);
        }
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
