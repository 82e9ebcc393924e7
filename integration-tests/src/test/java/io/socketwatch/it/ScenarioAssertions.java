package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a sample-app scenario run with the agent in OTLP mode must have produced, whichever protocol carried it:
 * a clean exit, a silent agent, exactly the {@link ExpectedFailures} spans (each with the span contract's attributes),
 * exactly the matching socketwatch.errors counts, and no contained failure of the agent's own code
 * (socketwatch.agent.errors 0). The run must have set OTEL_SERVICE_NAME=sample-app.
 */
final class ScenarioAssertions {

    static final String SAMPLE_SERVICE = "sample-app";
    static final String SAMPLE_PACKAGE = "io.socketwatch.sample.";

    private ScenarioAssertions() {
    }

    static void assertReportedExactly(String scenario, JvmResult run, OtlpReceiver receiver) {
        String context = run + "\n" + receiver.summary();
        run.assertExitCode(0);
        assertFalse(run.stderr().contains("socketwatch"), "the agent must be silent in OTLP mode:\n" + context);
        assertEquals(List.of(), receiver.errors(), context);

        List<String> expected = sorted(ExpectedFailures.BY_SCENARIO.get(scenario));
        List<ReceivedSpan> spans = receiver.spans();
        assertEquals(expected, sorted(spans.stream().map(ExpectedFailures::describe).collect(Collectors.toList())),
                "spans of " + scenario + "\n" + context);
        spans.forEach(span -> assertSpanContract(span, SAMPLE_SERVICE, SAMPLE_PACKAGE, context));
        assertCounterIsExact(receiver, expected, context);
        AgentCounters.assertNoContainedErrorsOnStderr(run, context);
        if (expected.isEmpty()) {
            assertEquals(Map.of(), receiver.requestCounts(), "a healthy run exports nothing: " + context);
        } else {
            AgentCounters.assertNoContainedErrorsExported(receiver, context);
        }
    }

    /**
     * The attributes every socketwatch span carries, for an application with this service.name whose own code is
     * under {@code codePackage} (a prefix ending in a dot).
     */
    static void assertSpanContract(ReceivedSpan span, String serviceName, String codePackage, String context) {
        String where = span + "\n" + context;
        String operation = span.stringAttribute("socketwatch.operation");
        assertEquals("socket " + operation, span.name(), where);
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, span.kind(), where);
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.status().getCode(), where);
        assertEquals("io.socketwatch", span.scope().getName(), where);
        assertEquals(serviceName, span.resourceAttribute("service.name"), where);
        assertEquals("tcp", span.stringAttribute("network.transport"), where);
        assertEquals("ipv4", span.stringAttribute("network.type"), where);
        assertEquals("127.0.0.1", span.stringAttribute("network.peer.address"), where);
        assertTrue(span.longAttribute("network.peer.port") > 0, where);
        assertNotNull(span.stringAttribute("server.address"), where);
        assertTrue(span.longAttribute("server.port") > 0, where);
        boolean client = "client".equals(span.stringAttribute("socketwatch.role"));
        if (!"connect".equals(operation)) {
            assertEquals("127.0.0.1", span.stringAttribute("network.local.address"), where);
            long serverPort = client ? span.longAttribute("network.peer.port")
                    : span.longAttribute("network.local.port");
            assertEquals(serverPort, span.longAttribute("server.port"), "server.port is the listening side: " + where);
        }
        String function = span.stringAttribute("code.function.name");
        assertTrue(function != null && function.startsWith(codePackage),
                "code.function.name must be the application's frame, not the JDK's or the agent's: " + where);
        assertTrue(span.stringAttribute("code.file.path").endsWith(".java"), where);
        assertTrue(span.longAttribute("code.line.number") > 0, where);
        if ("reset_sent".equals(span.stringAttribute("error.type"))) {
            assertTrue(span.event("exception").isEmpty(), "a reset this process sent has no exception: " + where);
        } else {
            Map<String, Object> exception = span.eventAttributes("exception");
            assertTrue(String.valueOf(exception.get("exception.type"))
                    .matches("(java\\.(net|io)|javax\\.net\\.ssl)\\.\\w+"), where);
            assertNotNull(exception.get("exception.message"), where);
            // The JDK HttpClient meets failures on its own threads ("HttpClient-<n>-SelectorManager", "-Worker-<n>"),
            // whose stacks hold no application frame: code.function.name above is the request's call site instead.
            if (!String.valueOf(span.stringAttribute("thread.name")).startsWith("HttpClient-")) {
                assertTrue(String.valueOf(exception.get("exception.stacktrace")).contains(codePackage), where);
            }
        }
    }

    /**
     * socketwatch.errors: the final cumulative values, summed over server endpoints, equal the expected counts
     * ({@link ExpectedFailures} entries).
     */
    static void assertCounterIsExact(OtlpReceiver receiver, List<String> expected, String context) {
        assertEquals(ExpectedFailures.perCounterSeries(expected), ErrorsCounter.finalTotals(receiver, context),
                "socketwatch.errors\n" + context);
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
