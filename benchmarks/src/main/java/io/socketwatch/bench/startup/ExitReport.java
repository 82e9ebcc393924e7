package io.socketwatch.bench.startup;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;

/**
 * The last thing the start-up programs do: print the process's peak resident set (VmHWM from /proc/self/status,
 * so no external tool is needed) and the live non-daemon threads other than main, which would keep the JVM from
 * exiting. Plain java.io and string building only, to add as little as possible to what is measured.
 */
final class ExitReport {

    static final String PREFIX = "socketwatch-bench: ";

    private ExitReport() {
    }

    static void print() {
        StringBuilder report = new StringBuilder();
        report.append(PREFIX).append("vmhwm_kb=").append(peakRssKb()).append('\n');
        report.append(PREFIX).append("non_daemon_threads=");
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        String separator = "";
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            if (!thread.isDaemon() && thread != Thread.currentThread() && thread.isAlive()) {
                report.append(separator).append(thread.getName());
                separator = ",";
            }
        }
        System.out.println(report);
    }

    private static long peakRssKb() {
        try (BufferedReader status = new BufferedReader(new FileReader("/proc/self/status"))) {
            String line;
            while ((line = status.readLine()) != null) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
