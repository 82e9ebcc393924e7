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

    /** CPU time of all of this JVM's threads, in nanoseconds. */
    public static long total() throws IOException {
        long total = 0;
        for (long nanos : byThreadName().values()) {
            total += nanos;
        }
        return total;
    }

    /** Thread name (numbers folded: "GC Thread#1" counts as "GC Thread#") -> CPU time in ns. */
    public static Map<String, Long> byThreadName() throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                String name;
                String schedstat;
                try {
                    // comm: the kernel's thread name, cut at 15 characters ("okhttp-dispatch...")
                    name = read(task.resolve("comm")).trim().replaceAll("[0-9]+$", "");
                    schedstat = read(task.resolve("schedstat"));
                } catch (NoSuchFileException ended) {
                    continue; // the thread ended between the listing and the read
                }
                byName.merge(name, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))), Long::sum);
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

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    }
}
