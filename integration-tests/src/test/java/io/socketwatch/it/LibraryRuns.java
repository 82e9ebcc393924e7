package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a clients-app scenario ({@link ClientsApp}) in a child JVM, with the agent exporting to a receiver or without
 * the agent, and checks what the agent reported: exactly the expected failures ("error.type operation role
 * [reset cause]"), each at the expected application frame ({@code code.function.name}), each with the span
 * contract's attributes, the socketwatch.errors counter exact, socketwatch.agent.errors 0, and the application's
 * output byte for byte the same as without the agent.
 */
final class LibraryRuns {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private LibraryRuns() {
    }

    /** The JvmRun of one scenario; with the agent when {@code receiver} is not null. */
    static JvmRun scenario(Jdk jdk, ClientsApp.Stack stack, OtlpReceiver receiver, String scenario, String... args) {
        List<String> all = new ArrayList<>();
        all.add(scenario);
        all.addAll(List.of(args));
        JvmRun run = JvmRun.on(jdk);
        if (receiver != null) {
            run.withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT).env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", ClientsApp.SERVICE);
        }
        return run.mainClass(ClientsApp.classPath(stack), ClientsApp.MAIN_CLASS, all.toArray(new String[0]))
                .timeout(TIMEOUT);
    }

    /** One expected report: its description and the application frame that must be named. */
    static String report(String description, String function) {
        return description + " at " + function;
    }

    /**
     * The agent's view of a run with the agent ({@code with}) against the same scenario without it ({@code
     * without}), whose output must be {@code expectedStdout}.
     */
    static void assertReported(JvmResult without, JvmResult with, OtlpReceiver receiver, List<String> expectedStdout,
                               List<String> expectedReports) {
        String context = "with the agent:\n" + with + "\n" + receiver.summary() + "\n\nwithout the agent:\n" + without;
        without.assertExitCode(0);
        with.assertExitCode(0);
        assertEquals(expectedStdout, without.stdoutLines(), "what the application saw, without the agent\n" + context);
        assertEquals(without.stdout(), with.stdout(), "the application's output with and without the agent\n"
                + context);
        assertFalse(with.stderr().contains("socketwatch"), "the agent must be silent in OTLP mode:\n" + context);
        assertEquals(List.of(), receiver.errors(), context);

        List<ReceivedSpan> spans = receiver.spans();
        assertEquals(sorted(expectedReports), sorted(spans.stream()
                .map(s -> report(ExpectedFailures.describe(s), s.stringAttribute("code.function.name")))
                .collect(Collectors.toList())), "the agent's reports (one span each)\n" + context);
        // The span contract, with "the application's code" being the package of the frame the report must name
        // (the scenario's own code, or, where a library runs the I/O on its own thread, that library's frame).
        spans.forEach(s -> ScenarioAssertions.assertSpanContract(s, ClientsApp.SERVICE,
                packageOf(s.stringAttribute("code.function.name")), context));
        List<String> descriptions = expectedReports.stream().map(r -> r.substring(0, r.indexOf(" at ")))
                .collect(Collectors.toList());
        ScenarioAssertions.assertCounterIsExact(receiver, descriptions, context);
        if (expectedReports.isEmpty()) {
            AgentCounters.assertNoContainedErrorsOnStderr(with, context);
            assertEquals(java.util.Map.of(), receiver.requestCounts(), "nothing to report, nothing exported: "
                    + context);
        } else {
            AgentCounters.assertNoContainedErrors(with, receiver, context);
        }
    }

    /** "a.b.C.method" -> "a.b." (the whole name if it has no such structure: the contract check then fails). */
    private static String packageOf(String function) {
        if (function == null) {
            return "(no code.function.name)";
        }
        int method = function.lastIndexOf('.');
        int type = method > 0 ? function.lastIndexOf('.', method - 1) : -1;
        return type > 0 ? function.substring(0, type + 1) : function;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
