package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent is transparent to the application: the full sample app (every scenario) prints the same bytes on stdout
 * and exits with the same code with the agent as without it, in console mode and in OTLP mode, on JDK 11, 17 and 25.
 * Each mode is also checked to have really reported (a silently inactive agent would be transparent too).
 */
class TransparencyIT {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void consoleModeLeavesStdoutAndExitCodeUnchanged(Jdk jdk) {
        JvmResult without = WithoutAgent.sampleApp(jdk);
        JvmResult with = JvmRun.on(jdk).withAgent().jar(BuildArtifacts.sampleAppJar())
                .timeout(WithoutAgent.TIMEOUT).run();
        String context = with.toString();

        with.assertExitCode(0);
        WithoutAgent.assertUnaffected(without, with, context);
        List<String> notTheAgent = new ArrayList<>();
        for (String line : with.stderrLines()) {
            if (!line.startsWith("socketwatch: ")) {
                notTheAgent.add(line);
            }
        }
        assertEquals(List.of(), notTheAgent, "in console mode stderr holds the agent's report and nothing else\n"
                + context);
        AgentCounters.assertNoContainedErrorsOnStderr(with, context);
        int total = ExpectedFailures.allScenarios().size();
        assertEquals(1, with.stderrLines().stream()
                        .filter(line -> line.equals("socketwatch: summary: " + total + " socket failures")).count(),
                "the console report must end with the summary of all " + total + " failures\n" + context);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void otlpModeLeavesStdoutExitCodeAndStderrUnchanged(Jdk jdk) {
        JvmResult without = WithoutAgent.sampleApp(jdk);
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult with = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment()).jar(BuildArtifacts.sampleAppJar()).timeout(WithoutAgent.TIMEOUT).run();
            String context = with + "\n" + receiver.summary();

            with.assertExitCode(0);
            WithoutAgent.assertUnaffected(without, with, context);
            // Stricter than "no socketwatch line": the app alone prints nothing on stderr, so neither may the JVM
            // because of the agent (illegal-access or Unsafe warnings from what it embeds, for instance).
            assertEquals(List.of(), with.stderrLines(), "in OTLP mode stderr must be exactly as without the agent"
                    + " (empty)\n" + context);
            assertEquals(ExpectedFailures.allScenarios().size(), receiver.spans().size(),
                    "the agent must have exported one span per failure\n" + context);
            AgentCounters.assertNoContainedErrors(with, receiver, context);
        }
    }
}
