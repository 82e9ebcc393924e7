package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sample app run without the agent: what "the application is unaffected" is compared with. The sample app prints
 * the same bytes on every run (SCENARIOS.md, "What stdout contains"), so one run per JDK and argument list is kept
 * for the whole test JVM; a test that compares wall times should start its own with {@link #runNow}.
 */
final class WithoutAgent {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, JvmResult> RUNS = new ConcurrentHashMap<>();

    private WithoutAgent() {
    }

    /** The sample app with these arguments (none: every scenario) on {@code jdk}, no agent; run once, then cached. */
    static JvmResult sampleApp(Jdk jdk, String... args) {
        return RUNS.computeIfAbsent(jdk + " " + Arrays.toString(args), key -> runNow(jdk, args));
    }

    /** A fresh run without the agent, checked to have exited 0 with nothing on stderr. */
    static JvmResult runNow(Jdk jdk, String... args) {
        JvmResult run = JvmRun.on(jdk).jar(BuildArtifacts.sampleAppJar(), args).timeout(TIMEOUT).run();
        run.assertExitCode(0);
        assertEquals(List.of(), run.stderrLines(), () -> "the sample app alone must print nothing on stderr\n" + run);
        return run;
    }

    /** Same exit code and byte-identical stdout as the run without the agent. */
    static void assertUnaffected(JvmResult without, JvmResult with, String context) {
        assertEquals(without.exitCode(), with.exitCode(),
                () -> "exit code with the agent differs from the run without it\n" + context);
        assertArrayEquals(without.stdoutBytes(), with.stdoutBytes(),
                () -> "stdout with the agent differs from the run without it\n--- without the agent ---\n"
                        + without.stdout() + "--- with the agent ---\n" + with.stdout() + "---\n" + context);
    }
}
