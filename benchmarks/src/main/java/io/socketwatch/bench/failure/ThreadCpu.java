package io.socketwatch.bench.failure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of every native thread of this process, by name, from /proc/self/task/N/stat (Linux): JIT compiler
 * and GC threads included, which ThreadMXBean does not list. Clock-tick resolution (10 ms), so for runs of
 * seconds; used to tell where a per-failure cost the reporter thread alone does not explain goes.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** Thread name (numbers folded: "GC Thread#1" counts as "GC Thread#") -> CPU time in ns. */
    static Map<String, Long> snapshot() {
        Map<String, Long> byName = new TreeMap<>();
        long nanosPerTick = 10_000_000L; // USER_HZ is 100 on Linux
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = new String(Files.readAllBytes(task.resolve("stat")), StandardCharsets.UTF_8);
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+$", "");
                String[] fields = stat.substring(close + 2).split(" ");
                // After the name: state(0) ... utime is field 14 of the line, index 11 here; stime index 12.
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                byName.merge(name, ticks * nanosPerTick, Long::sum);
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new TreeMap<>();
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (delta > 0) {
                difference.put(entry.getKey(), delta);
            }
        }
        return difference;
    }
}
