package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A storm of 100,000 real resets from 16 threads at once, with the agent exporting OTLP with its default settings:
 * every failure is counted exactly, only what the span rate limit admits is reported one by one, what it did not
 * admit is counted as dropped, the application notices nothing, and the agent's heap stays small.
 *
 * <p>The storm is org.example.stress.ResetStorm (src/stress-app/java): each connection is reset exactly once by a
 * client's close with SO_LINGER 0 after the server accepted, so each is exactly two failures of known types: the
 * client's {@code reset_sent} on close (cause linger_zero) and the server's {@code connection_reset} on read. It runs
 * with {@code -Xmx64m}, once without the agent and once with it, and prints its heap after a full collection.
 */
class ResetStormIT {

    private static final Jdk JDK = Jdk.JDK_17;
    private static final int CONNECTIONS = 100_000;
    private static final int THREADS = 16;
    private static final String SERVICE = "reset-storm";
    /** The defaults of socketwatch.spans.per-second and socketwatch.spans.burst (README, Configuration). */
    private static final int SPANS_PER_SECOND = 100;
    private static final int SPANS_BURST = 500;
    /**
     * What the agent may keep on the heap after the storm: the SDK and OkHttp once started (about 4 MiB measured on
     * JDK 17, mostly class-related objects and buffers), spans waiting for their batch, counters, the ledger table.
     */
    private static final long HEAP_BUDGET_BYTES = 6L * 1024 * 1024;

    private static final String CLIENT_RESET = "reset_sent close client linger_zero";
    private static final String SERVER_RESET = "connection_reset read server";

    @Test
    void countsEveryResetOfAStormExactlyAndReportsOnlyWhatTheRateLimitAdmits() {
        JvmResult without = storm(JvmRun.on(JDK)).run();
        without.assertExitCode(0);
        assertEquals(List.of(), without.stderrLines(), () -> "the storm alone prints nothing on stderr\n" + without);

        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult with = storm(JvmRun.on(JDK).withAgent().env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", SERVICE)).run();
            String context = with + "\n" + receiver.summary() + "\n\nwithout the agent:\n" + without;

            // The application: same output, same exit, nothing from the agent on stderr.
            assertEquals(without.exitCode(), with.exitCode(), "exit code with and without the agent\n" + context);
            assertEquals(StressRun.observed(without), StressRun.observed(with),
                    "what the storm observed, with and without the agent\n" + context);
            assertEquals(List.of(), with.stderrLines(), "the agent must be silent in OTLP mode\n" + context);
            assertEquals(List.of(), receiver.errors(), context);
            AgentCounters.assertNoContainedErrors(with, receiver, context);

            // Counting is never limited: both failures of every connection.
            long total = 2L * CONNECTIONS;
            Map<String, Long> expectedCounts = new TreeMap<>(Map.of(
                    "reset_sent close client", (long) CONNECTIONS, "connection_reset read server", (long) CONNECTIONS));
            assertEquals(expectedCounts, ErrorsCounter.finalTotals(receiver, context), "socketwatch.errors\n" + context);

            // Reporting one by one is: spans are what the limit admitted, the rest is counted as dropped.
            List<ReceivedSpan> spans = receiver.spans();
            long rateLimited = AgentCounters.dropped(receiver, "rate_limited", context);
            long queueFull = AgentCounters.dropped(receiver, "queue_full", context);
            assertEquals(0, queueFull, "the rate limit admits far fewer than the queue holds (10,000)\n" + context);
            assertEquals(total, spans.size() + rateLimited, "every failure is a span or counted as dropped"
                    + " (rate_limited " + rateLimited + ", spans " + spans.size() + ")\n" + context);
            // The limiter starts full at premain and refills at the rate, so over the process's lifetime it admits
            // at most the burst plus the rate times that lifetime (+1 for the GCRA boundary), and at least the burst.
            double lifetimeSeconds = with.wallTime().toMillis() / 1000.0;
            long admissible = SPANS_BURST + (long) Math.ceil(SPANS_PER_SECOND * lifetimeSeconds) + 1;
            assertTrue(spans.size() >= SPANS_BURST && spans.size() <= admissible, "spans: between the burst ("
                    + SPANS_BURST + ") and burst + " + SPANS_PER_SECOND + "/s x " + lifetimeSeconds + " s = "
                    + admissible + ", not " + spans.size() + "\n" + context);
            Map<String, Long> spanKinds = new TreeMap<>();
            for (ReceivedSpan span : spans) {
                spanKinds.merge(ExpectedFailures.describe(span), 1L, Long::sum);
                ScenarioAssertions.assertSpanContract(span, SERVICE, StressRun.PACKAGE, context);
            }
            assertEquals(Set.of(CLIENT_RESET, SERVER_RESET), spanKinds.keySet(),
                    "spans: only the storm's two kinds of failure, both reported\n" + context);

            // The agent's heap: what it still holds once the storm is over and garbage is gone.
            long heapDelta = StressRun.settledHeap(with) - StressRun.settledHeap(without);
            long heapDeltaAtEnd = StressRun.heapAfterGc(with) - StressRun.heapAfterGc(without);
            assertTrue(heapDelta <= HEAP_BUDGET_BYTES, "heap used after the storm and a full GC with the agent minus"
                    + " without it: " + StressRun.mib(heapDelta) + ", more than " + StressRun.mib(HEAP_BUDGET_BYTES)
                    + "\n" + context);

            long stormMillis = StressRun.measured(with, "storm-ms");
            System.out.println("[stress] ResetStormIT, JDK " + JDK.major() + ": " + CONNECTIONS + " connections reset"
                    + " in " + StressRun.seconds(stormMillis) + " from " + THREADS + " client threads ("
                    + StressRun.seconds(StressRun.measured(without, "storm-ms")) + " without the agent): counted "
                    + total + " (" + spanKinds.keySet() + " x " + CONNECTIONS + " each), spans " + spans.size()
                    + " (limit " + admissible + " = " + SPANS_BURST + " + " + SPANS_PER_SECOND + "/s x "
                    + StressRun.seconds(with.wallTime()) + "), dropped rate_limited " + rateLimited + ", queue_full "
                    + queueFull + ", agent errors 0, agent heap after GC (" + StressRun.SMALL_HEAP + ") "
                    + StressRun.mib(heapDelta) + " (" + StressRun.mib(heapDeltaAtEnd)
                    + " before the ledger's next update)");
        }
    }

    private static JvmRun storm(JvmRun run) {
        return StressRun.program(run, "ResetStorm", Integer.toString(CONNECTIONS), Integer.toString(THREADS));
    }
}
