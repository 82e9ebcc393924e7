package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent never reports its own export traffic, even when the OTLP endpoint of one signal resets every connection
 * while the other signal's endpoint works, and the application does not notice: the full sample app exports many
 * times during its run (metrics every 100 ms, spans every 50 ms), one signal into a {@link ResettingEndpoint}, the
 * other into an {@link OtlpReceiver}, in both combinations. What the receiver gets must be exactly the sample app's
 * failures: a reset or broken pipe of the exporter's own connection would be one more.
 *
 * <p>Each case runs twice: with the SDK's default retries (what users get: a failed export is retried with
 * back-off, so exports of the failing signal queue up behind it and the exit meets one in progress) and with
 * OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED=true, where every interval is a new connection and a new reset, so the
 * endpoint provably resets many of them during the run. The sample app runs for at least 0.7 s after its first
 * failure (echo-timeout and read-timeout wait out their socket timeouts), i.e. several export intervals.
 */
class SelfTrafficIT {

    /** How much longer the run with the agent may take than the run without it. */
    private static final Duration MAX_EXTRA_WALL_TIME = Duration.ofSeconds(2);

    enum Resetting {
        /** (a) spans go to the receiver, metrics into resets. */
        METRICS,
        /** (b) metrics go to the receiver, spans into resets. */
        TRACES
    }

    enum Retries {
        SDK_DEFAULT,
        DISABLED
    }

    static List<Arguments> jdksResettingSignalAndRetries() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (Resetting resetting : Resetting.values()) {
                for (Retries retries : Retries.values()) {
                    cases.add(Arguments.of(jdk, resetting, retries));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}, {1} into resets, retries {2}")
    @MethodSource("jdksResettingSignalAndRetries")
    void reportsOnlyTheApplicationsFailuresWhileItsOwnExportsAreReset(Jdk jdk, Resetting resetting,
            Retries retries) {
        // Started right before the run it is compared with, so both see the same machine load.
        JvmResult without = WithoutAgent.runNow(jdk);
        try (OtlpReceiver receiver = OtlpReceiver.start(); ResettingEndpoint resets = ResettingEndpoint.start()) {
            String traces = (resetting == Resetting.TRACES ? resets.endpoint() : receiver.endpoint())
                    + OtlpReceiver.TRACES_PATH;
            String metrics = (resetting == Resetting.METRICS ? resets.endpoint() : receiver.endpoint())
                    + OtlpReceiver.METRICS_PATH;
            JvmRun run = JvmRun.on(jdk).withAgent();
            if (retries == Retries.DISABLED) {
                run.env("OTEL_JAVA_EXPORTER_OTLP_RETRY_DISABLED", "true");
            }
            JvmResult with = run
                    .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces)
                    .env("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", metrics)
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "100")
                    .env("OTEL_BSP_SCHEDULE_DELAY", "50")
                    .jar(BuildArtifacts.sampleAppJar()).timeout(WithoutAgent.TIMEOUT).run();
            String context = with + "\n" + receiver.summary() + "\nresetting endpoint " + resets.endpoint()
                    + " reset " + resets.resetConnections() + " connections";

            with.assertExitCode(0);
            WithoutAgent.assertUnaffected(without, with, context);
            assertEquals(List.of(), receiver.errors(), context);
            // With retries the next attempt waits out a random back-off of up to 1 s, then 1.5 s...: one reset is
            // certain, more are likely. Without retries every export interval of the run opens a new connection.
            int minimumResets = retries == Retries.DISABLED ? 2 : 1;
            assertTrue(resets.resetConnections() >= minimumResets, "the agent's " + resetting + " exports must have"
                    + " met at least " + minimumResets + " resets during the run\n" + context);

            List<String> expected = ExpectedFailures.allScenarios();
            if (resetting == Resetting.METRICS) {
                assertTrue(receiver.requestCount(OtlpReceiver.TRACES_PATH) > 1,
                        "spans must have been exported during the run, more than once\n" + context);
                assertEquals(0, receiver.requestCount(OtlpReceiver.METRICS_PATH), context);
                List<String> spans = receiver.spans().stream().map(ExpectedFailures::describe).sorted()
                        .collect(Collectors.toList());
                assertEquals(expected, spans, "spans: exactly the sample app's failures, none about the agent's own"
                        + " metric exports\n" + context);
            } else {
                assertTrue(receiver.requestCount(OtlpReceiver.METRICS_PATH) > 1,
                        "metrics must have been exported during the run, more than once\n" + context);
                assertEquals(0, receiver.requestCount(OtlpReceiver.TRACES_PATH), context);
                java.util.Set<String> names = new java.util.HashSet<>(receiver.metricNames());
                names.removeAll(AgentCounters.HISTOGRAMS);
                assertEquals(AgentCounters.ALL, names, "the agent exports its counters (and its failure histograms)"
                        + " and nothing about its own export traffic (the SDK's queue and exporter metrics)\n"
                        + context);
                AgentCounters.assertNoContainedErrorsExported(receiver, context);
                assertEquals(ExpectedFailures.perCounterSeries(expected), ErrorsCounter.finalTotals(receiver, context),
                        "socketwatch.errors: exactly the sample app's failures, none about the agent's own span"
                                + " exports\n" + context);
            }

            // Exactly one: the user is told (once, not per export) that an endpoint fails, whether an export failed
            // for good during the run or the exit left one behind.
            List<String> stderr = with.stderrLines();
            assertEquals(1, stderr.size(), "stderr must hold the agent's export warning, said once, and nothing"
                    + " else\n" + context);
            // Also where no metric arrives (METRICS into resets), a contained failure would have said so here.
            AgentCounters.assertNoContainedErrorsOnStderr(with, context);
            String signal = resetting == Resetting.METRICS ? "metrics" : "spans";
            assertTrue(stderr.get(0).startsWith("socketwatch: could not export " + signal + " "),
                    "the only line allowed on stderr is the export warning about " + signal + "\n" + context);

            Duration extra = with.wallTime().minus(without.wallTime());
            assertTrue(extra.compareTo(MAX_EXTRA_WALL_TIME) <= 0, "the run with the agent took " + extra.toMillis()
                    + " ms longer than without it (" + without.wallTime().toMillis() + " ms); at most "
                    + MAX_EXTRA_WALL_TIME.toMillis() + " ms allowed\n" + context);
        }
    }
}
