package io.socketwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's native threads (Linux), JIT compiler and GC threads included, which ThreadMXBean does
 * not list: the first field of each /proc/self/task/TID/schedstat, the scheduler's sum_exec_runtime in nanoseconds.
 * The JDK's process CPU time (OperatingSystemMXBean) and /proc's utime/stime count 10 ms clock ticks here, too
 * coarse for the 1% differences and the microseconds per failure the benchmarks measure. A thread that ends between
 * two readings drops out of the second.
 */
public final class TaskCpu {

    private TaskCpu() {
    }

    /**
     * CPU time of all of this JVM's threads, in nanoseconds. Reads only schedstat: Lockstep calls it at the edges of
     * every measured iteration, where reading each thread's name too moved the Selector echo's ratio from 0.993 to
     * 0.981-0.983 (three runs each way; the fork with the agent has more threads to read).
     */
    public static long total() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    total += runtime(task);
                } catch (NoSuchFileException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return total;
    }

    /** Thread name (numbers folded: "GC Thread#1" counts as "GC Thread#") -> CPU time in ns. */
    public static Map<String, Long> byThreadName() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    // comm: the kernel's thread name, cut at 15 characters ("okhttp-dispatch...")
                    String name = read(task.resolve("comm")).trim().replaceAll("[0-9]+$", "");
                    byName.merge(name, runtime(task), Long::sum);
                } catch (NoSuchFileException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return byName;
    }

    /** Per thread name, the CPU time spent between two {@link #byThreadName} readings (names with none left out). */
    public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new TreeMap<>();
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (delta > 0) {
                difference.put(entry.getKey(), delta);
            }
        }
        return difference;
    }

    /** The first field of the task's schedstat: the scheduler's sum_exec_runtime, in nanoseconds. */
    private static long runtime(Path task) throws IOException {
        String schedstat = read(task.resolve("schedstat"));
        return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }
}
