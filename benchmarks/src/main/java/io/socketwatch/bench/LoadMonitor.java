package io.socketwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Tells whether other processes competed for the CPU while something was measured, and repeats the measurement
 * if they did. On a 2-core machine another process's burst moves every figure by more than the 1% the budgets
 * are about, and a shared machine (other builds, other test runs) has such bursts.
 *
 * <p>Other processes' CPU = the machine's busy time (/proc/stat) minus this process tree's (this JVM, its reaped
 * children via cutime/cstime, and its live descendants). Linux only; elsewhere nothing is detected.
 */
final class LoadMonitor {

    /** Average cores used by other processes above which a measurement counts as disturbed. */
    static final double DISTURBED_CORES = 0.10;
    static final int RETRIES = 2;
    static final double TICKS_PER_SECOND = 100; // USER_HZ

    private static double measuredSeconds;
    private static double foreignCoreSeconds;
    private static int repeated;
    private static final List<String> keptDisturbed = new ArrayList<>();

    private LoadMonitor() {
    }

    /** Runs {@code task}, repeating it (up to RETRIES times) when other processes used the CPU meanwhile. */
    static <T> T measure(String what, Callable<T> task) throws Exception {
        for (int attempt = 0; ; attempt++) {
            awaitQuiet(30);
            Sample before = Sample.now();
            T result = task.call();
            Sample after = Sample.now();
            double seconds = (after.nanos - before.nanos) / 1e9;
            double foreign = foreignTicks(before, after) / TICKS_PER_SECOND;
            measuredSeconds += seconds;
            foreignCoreSeconds += Math.max(0, foreign);
            double cores = foreign / seconds;
            if (cores <= DISTURBED_CORES || before.busy < 0) {
                return result;
            }
            if (attempt == RETRIES) {
                keptDisturbed.add(String.format(Locale.ROOT, "%s (%.2f cores)", what, cores));
                Progress.say(String.format(Locale.ROOT, "  %s: other processes used %.2f cores; kept after %d "
                        + "repeats", what, cores, RETRIES));
                return result;
            }
            repeated++;
            Progress.say(String.format(Locale.ROOT, "  %s: other processes used %.2f cores meanwhile; repeating",
                    what, cores));
        }
    }

    /** Waits (at most {@code maxSeconds}) for a one-second window in which other processes stay below the limit. */
    static void awaitQuiet(int maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        boolean said = false;
        while (System.nanoTime() < deadline) {
            Sample before = Sample.now();
            if (before.busy < 0) {
                return;
            }
            Thread.sleep(1000);
            double cores = foreignTicks(before, Sample.now()) / TICKS_PER_SECOND;
            if (cores <= DISTURBED_CORES) {
                return;
            }
            if (!said) {
                Progress.say(String.format(Locale.ROOT, "  waiting for other processes to go quiet (%.2f cores "
                        + "busy)", cores));
                said = true;
            }
        }
    }

    static String summary() {
        return String.format(Locale.ROOT, "Other processes used %.3f cores on average during the measurements; "
                        + "%d measurements were repeated because of them%s.",
                measuredSeconds == 0 ? 0 : foreignCoreSeconds / measuredSeconds, repeated,
                keptDisturbed.isEmpty() ? "" : "; kept although disturbed: " + String.join(", ", keptDisturbed));
    }

    private static long foreignTicks(Sample before, Sample after) {
        return (after.busy - before.busy) - (after.ours - before.ours);
    }

    /** Busy ticks of the machine and of this process tree at one moment. */
    private static final class Sample {
        final long nanos;
        final long busy;
        final long ours;

        private Sample(long nanos, long busy, long ours) {
            this.nanos = nanos;
            this.busy = busy;
            this.ours = ours;
        }

        static Sample now() {
            long nanos = System.nanoTime();
            try {
                String[] cpu = Files.readAllLines(Paths.get("/proc/stat"), StandardCharsets.UTF_8).get(0)
                        .trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ... Interrupt time is left out: it is
                // nobody's in the per-process figures, and the benchmarks' own loopback traffic makes plenty.
                long busy = Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]);
                long ours = ticks(ProcessHandle.current().pid(), true);
                for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
                    ours += ticks(child.pid(), true);
                }
                return new Sample(nanos, busy, ours);
            } catch (IOException | RuntimeException e) {
                return new Sample(nanos, -1, 0);
            }
        }

        /** utime + stime (+ cutime + cstime: its reaped children) of one process; 0 if it is gone. */
        private static long ticks(long pid, boolean withChildren) {
            String stat;
            try {
                stat = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")), StandardCharsets.UTF_8);
            } catch (IOException gone) {
                return 0;
            }
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks;
        }
    }
}
