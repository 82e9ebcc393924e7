package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the agent says about itself (README, "What it reports"): socketwatch.spans.dropped, failures counted but not
 * reported one by one, and socketwatch.agent.errors, failures of its own code that the bridge contained before they
 * reached the application. The latter must be 0 in every test: on stderr (SocketEventHandler.internalError says it
 * once, whatever the output mode) and, where metrics are exported, in the counter.
 */
final class AgentCounters {

    static final String DROPPED = "socketwatch.spans.dropped";
    static final String AGENT_ERRORS = "socketwatch.agent.errors";
    /** Every metric the agent exports, and nothing else (not the SDK's metrics about its own exporters). */
    static final Set<String> ALL = Set.of(ErrorsCounter.NAME, DROPPED, AGENT_ERRORS);
    /** The histograms of idle time and age at failure (issue 5): exported once a failure on a known connection was. */
    static final Set<String> HISTOGRAMS = Set.of("socketwatch.connection.idle_at_failure",
            "socketwatch.connection.age_at_failure");
    /** The start of the line SocketEventHandler.internalError prints once when the bridge contained a failure. */
    static final String CONTAINED_LINE = "socketwatch: an internal error was contained";

    private AgentCounters() {
    }

    /** No contained failure: not on stderr, and socketwatch.agent.errors was exported and is 0 at every point. */
    static void assertNoContainedErrors(JvmResult run, OtlpReceiver receiver, String context) {
        assertNoContainedErrorsOnStderr(run, context);
        assertNoContainedErrorsExported(receiver, context);
    }

    /** For runs whose metrics go nowhere this test can read (console mode, a failing metrics endpoint). */
    static void assertNoContainedErrorsOnStderr(JvmResult run, String context) {
        List<String> contained = run.stderrLines().stream().filter(line -> line.startsWith(CONTAINED_LINE))
                .collect(Collectors.toList());
        assertEquals(List.of(), contained, "the agent contained a failure of its own code (a bug: rerun with"
                + " -Dsocketwatch.debug=true for its stack trace)\n" + context);
    }

    /** socketwatch.agent.errors arrived (the agent exported metrics) and every point of it says 0. */
    static void assertNoContainedErrorsExported(OtlpReceiver receiver, String context) {
        List<ReceivedMetric> exported = receiver.metricsNamed(AGENT_ERRORS);
        assertFalse(exported.isEmpty(), AGENT_ERRORS + " must be exported with the agent's metrics\n" + context);
        for (ReceivedMetric metric : exported) {
            assertTrue(metric.metric().hasSum(), AGENT_ERRORS + " is a Sum: " + metric.metric() + "\n" + context);
            for (NumberDataPoint point : metric.metric().getSum().getDataPointsList()) {
                assertEquals(0L, point.getAsInt(), AGENT_ERRORS + ": failures of the agent's own code, contained"
                        + " before they reached the application; must be 0\n" + context);
            }
        }
        assertEquals(0L, receiver.latestSumValue(AGENT_ERRORS, Map.of()).orElseThrow(
                () -> new AssertionError(AGENT_ERRORS + " has no point without attributes\n" + context)), context);
    }

    /** The final socketwatch.spans.dropped for this socketwatch.drop.reason (rate_limited, queue_full). */
    static long dropped(OtlpReceiver receiver, String reason, String context) {
        return receiver.latestSumValue(DROPPED, Map.of("socketwatch.drop.reason", reason)).orElseThrow(
                () -> new AssertionError(DROPPED + " {socketwatch.drop.reason=" + reason + "} was not exported\n"
                        + context));
    }
}
