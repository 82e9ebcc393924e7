package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Healthy connection churn, up to a million connections or 60 s, in a 64 MiB heap: the agent's per-connection state
 * (the ledger) follows the live connections, not the total ever made. The agent runs with socketwatch.debug, whose
 * exit line says how many connections the ledger still holds; the heap after a full collection is compared with a
 * run without the agent (a shorter run: the heap a churn leaves behind without the agent does not depend on how
 * many connections it made, since all of them are closed). Throughput with and without the agent is printed, not asserted: the JMH churn benchmark is
 * the authority on that budget, and two single runs on a shared 2-core machine are too noisy to judge it.
 *
 * <p>The churn is org.example.stress.Churn (src/stress-app/java): connect, write 1 byte, read it back, read
 * end-of-stream, close; the server accepts, echoes and closes first. Nothing fails, so the agent counts nothing and
 * never starts its reporter.
 */
class ChurnIT {

    private static final Jdk JDK = Jdk.JDK_17;
    private static final int MAX_CONNECTIONS = 1_000_000;
    /** Issue 3: at least a million connections, or as many as fit in 60 s. */
    private static final int MAX_SECONDS = 60;
    /** The run without the agent only gives the heap and throughput baseline. */
    private static final int BASELINE_SECONDS = 10;
    private static final int THREADS = 4;
    /** Most connections the ledger may still hold at exit: every connection is closed by then. */
    private static final long LEDGER_BOUND = 1_000;
    /** Fewest connections that make the ledger bound meaningful: a hundred times more than it. */
    private static final long MIN_CONNECTIONS = 100 * LEDGER_BOUND;
    /** What the agent may keep on the heap after the churn: its classes' heap objects and the ledger's table. */
    private static final long HEAP_BUDGET_BYTES = 4L * 1024 * 1024;

    private static final Pattern EXIT_LINE = Pattern.compile("socketwatch \\[debug\\] exit: ledger holds (\\d+)"
            + " connections \\((\\d+) not tracked: over capacity\\); failures counted (\\d+), not reported one by one"
            + " (\\d+); contained internal failures (\\d+)");
    private static final String DEBUG_PREFIX = "socketwatch [debug] ";

    @Test
    void theLedgerFollowsTheLiveConnectionsNotTheTotal() {
        JvmResult without = churn(JvmRun.on(JDK), BASELINE_SECONDS).run();
        without.assertExitCode(0);
        assertEquals(List.of(), without.stderrLines(), () -> "the churn alone prints nothing on stderr\n" + without);

        JvmResult with = churn(JvmRun.on(JDK).withAgent().jvmArgs("-Dsocketwatch.debug=true"), MAX_SECONDS).run();
        String context = with + "\n\nwithout the agent:\n" + without;
        with.assertExitCode(0);
        AgentCounters.assertNoContainedErrorsOnStderr(with, context);
        List<String> notDebug = with.stderrLines().stream().filter(line -> !line.startsWith(DEBUG_PREFIX))
                .collect(Collectors.toList());
        assertEquals(List.of(), notDebug, "stderr: the agent's debug lines and nothing else\n" + context);

        List<Matcher> exitLines = with.stderrLines().stream().map(EXIT_LINE::matcher).filter(Matcher::matches)
                .collect(Collectors.toList());
        assertEquals(1, exitLines.size(), "one debug exit line in the documented format\n" + context);
        Matcher exit = exitLines.get(0);
        long ledger = Long.parseLong(exit.group(1));
        assertEquals("0", exit.group(2), "no connection went untracked (ledger capacity 100,000)\n" + context);
        assertEquals("0", exit.group(3), "a healthy churn has no failure to count\n" + context);
        assertEquals("0", exit.group(4), context);
        assertEquals("0", exit.group(5), "contained internal failures\n" + context);

        long connections = StressRun.measured(with, "connections");
        assertTrue(connections >= MIN_CONNECTIONS, "only " + connections + " connections with the agent in "
                + MAX_SECONDS + " s: too few to tell the total from the live ones (at least " + MIN_CONNECTIONS
                + ")\n" + context);
        assertTrue(ledger <= LEDGER_BOUND, "the ledger holds " + ledger + " connections at exit after " + connections
                + " were made and closed; at most " + LEDGER_BOUND + " allowed\n" + context);

        long heapDelta = StressRun.settledHeap(with) - StressRun.settledHeap(without);
        long heapDeltaAtEnd = StressRun.heapAfterGc(with) - StressRun.heapAfterGc(without);
        assertTrue(heapDelta <= HEAP_BUDGET_BYTES, "heap used after the churn and a full GC with the agent minus"
                + " without it: " + StressRun.mib(heapDelta) + ", more than " + StressRun.mib(HEAP_BUDGET_BYTES)
                + "\n" + context);

        long withRate = rate(with);
        long withoutRate = rate(without);
        System.out.println("[stress] ChurnIT, JDK " + JDK.major() + ", up to " + MAX_CONNECTIONS + " connections or "
                + MAX_SECONDS + " s with the agent (" + BASELINE_SECONDS + " s without), " + THREADS
                + " client threads: " + connections
                + " connections in " + StressRun.seconds(StressRun.measured(with, "churn-ms")) + " with the agent ("
                + withRate + "/s), " + StressRun.measured(without, "connections") + " in "
                + StressRun.seconds(StressRun.measured(without, "churn-ms")) + " without (" + withoutRate
                + "/s): throughput ratio " + String.format(Locale.ROOT, "%.2f", (double) withRate / withoutRate)
                + " (not asserted; the JMH benchmark decides); ledger at exit " + ledger + " connections, agent heap"
                + " after GC (" + StressRun.SMALL_HEAP + ") " + StressRun.mib(heapDelta) + " ("
                + StressRun.mib(heapDeltaAtEnd) + " before the ledger's next update)");
    }

    private static long rate(JvmResult run) {
        return StressRun.measured(run, "connections") * 1000 / Math.max(1, StressRun.measured(run, "churn-ms"));
    }

    private static JvmRun churn(JvmRun run, int seconds) {
        return StressRun.program(run, "Churn", Integer.toString(MAX_CONNECTIONS), Integer.toString(seconds),
                Integer.toString(THREADS));
    }
}
