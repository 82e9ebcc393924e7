package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs a program of the stress application ({@link ChildPrograms#stressApp()}, src/stress-app/java) and reads what
 * it printed: the lines of what it observed, which must be the same with and without the agent, and its
 * {@code measured: key=value} lines (times, heap), which differ from run to run.
 */
final class StressRun {

    static final String PACKAGE = "org.example.stress.";
    /** A small heap: state that grew with the number of connections would exhaust it. */
    static final String SMALL_HEAP = "-Xmx64m";
    static final Duration TIMEOUT = Duration.ofSeconds(150);
    private static final String MEASURED = "measured: ";

    private StressRun() {
    }

    /** {@code run} (a JvmRun with the agent or not) set up to start {@code program} with a small heap. */
    static JvmRun program(JvmRun run, String program, String... args) {
        return run.jvmArgs(SMALL_HEAP).mainClass(ChildPrograms.stressApp(), PACKAGE + program, args).timeout(TIMEOUT);
    }

    /** stdout without the {@code measured:} lines. */
    static List<String> observed(JvmResult run) {
        return run.stdoutLines().stream().filter(line -> !line.startsWith(MEASURED)).collect(Collectors.toList());
    }

    /** The value of {@code measured: key=value}; fails with the run's output if it is not there exactly once. */
    static long measured(JvmResult run, String key) {
        List<String> values = run.stdoutLines().stream().filter(line -> line.startsWith(MEASURED + key + "="))
                .map(line -> line.substring((MEASURED + key + "=").length())).collect(Collectors.toList());
        assertEquals(1, values.size(), "one line `" + MEASURED + key + "=...` expected\n" + run);
        return Long.parseLong(values.get(0));
    }

    /** The heap the run still used after the work, a full collection and the settling connection. */
    static long settledHeap(JvmResult run) {
        return measured(run, "heap-used-settled-bytes");
    }

    /** The heap the run used right after the work and a full collection. */
    static long heapAfterGc(JvmResult run) {
        return measured(run, "heap-used-after-gc-bytes");
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%+.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
