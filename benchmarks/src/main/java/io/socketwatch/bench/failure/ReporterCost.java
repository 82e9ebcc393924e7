package io.socketwatch.bench.failure;

import io.socketwatch.bench.TaskCpu;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The off-thread cost of a failure, run as its own process by the runner: failures on a reset socket one at a
 * time, spaced so that the agent's reporter thread ("socketwatch-reporter", which turns each into a span) keeps
 * up, then that thread's CPU time (ThreadMXBean) divided by the failures it handled. Also prints the whole
 * process's CPU time, so a run without the agent gives the baseline for "everything the agent adds", GC included.
 *
 * <p>With the agent, the runner points the OTLP exporter at its receiver ({@link OtlpSink}), which counts the
 * spans: proof that real spans were made and exported. The CPU of the SDK's export threads is printed too.
 *
 * <p>Usage: ReporterCost warmupFailures measuredFailures gapMicros [deeperFrames]. With deeperFrames, the failures
 * happen that many frames deeper (as on a server's request thread). Prints key=value lines.
 */
public final class ReporterCost {

    static final String REPORTER_THREAD = "socketwatch-reporter";

    private ReporterCost() {
    }

    public static void main(String[] args) throws Exception {
        int deeper = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        deeper(deeper, args);
    }

    /** Runs the measurement {@code frames} calls deeper than main. */
    private static void deeper(int frames, String[] args) throws Exception {
        if (frames > 0) {
            deeper(frames - 1, args);
        } else {
            measure(args);
        }
    }

    private static void measure(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int measured = Integer.parseInt(args[1]);
        long gapNanos = Long.parseLong(args[2]) * 1_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        try (Socket socket = ResetSocket.open()) {
            OutputStream out = socket.getOutputStream();
            fail(out, warmup, gapNanos);
            boolean agent = AgentStats.awaitDrained(30_000);
            Thread reporter = find(REPORTER_THREAD);
            AgentStats before = AgentStats.read();
            long reporterCpu0 = reporter == null ? 0 : threads.getThreadCpuTime(reporter.getId());
            long processCpu0 = os.getProcessCpuTime();
            Map<String, Long> threadCpu0 = TaskCpu.byThreadName();
            long wall0 = System.nanoTime();

            long onThreadNanos = fail(out, measured, gapNanos);
            if (agent && !AgentStats.awaitDrained(30_000)) {
                throw new IllegalStateException("the reporter did not catch up within 30 s");
            }

            long wall = System.nanoTime() - wall0;
            if (agent && !AgentStats.flushSpans(30_000)) {
                // The export threads' CPU belongs to the measured failures: end it before reading CPU times.
                throw new IllegalStateException("the agent's span export did not finish within 30 s");
            }
            long processCpu = os.getProcessCpuTime() - processCpu0;
            long reporterCpu = reporter == null ? 0 : threads.getThreadCpuTime(reporter.getId()) - reporterCpu0;
            AgentStats after = AgentStats.read();
            Map<String, Long> threadCpu = TaskCpu.difference(threadCpu0, TaskCpu.byThreadName());
            for (Map.Entry<String, Long> thread : threadCpu.entrySet()) {
                System.out.println("thread_cpu_ns." + thread.getKey().replace(' ', '_') + "=" + thread.getValue());
            }
            System.out.println("failures=" + measured);
            System.out.println("wall_ns=" + wall);
            System.out.println("process_cpu_ns=" + processCpu);
            System.out.println("on_thread_ns=" + onThreadNanos);
            System.out.println("reporter_found=" + (reporter != null));
            System.out.println("reporter_cpu_ns=" + reporterCpu);
            // The OTLP/HTTP sender's calls run on "okhttp-dispatch..." threads (the kernel's 15-character thread
            // names): matching "OkHttp" missed them, and (iii) counted the batch span processor's thread only.
            System.out.println("export_threads_cpu_ns=" + sum(threadCpu, "batchspanproc", "okhttp"));
            System.out.println("jit_cpu_ns=" + sum(threadCpu, "c1 compilerthre", "c2 compilerthre"));
            Boolean recording = AgentStats.spansRecording();
            if (recording != null) {
                System.out.println("spans_recording=" + recording);
            }
            if (before != null && after != null) {
                System.out.println("handled=" + (after.handled - before.handled));
                System.out.println("dropped=" + (after.dropped - before.dropped));
            }
        }
    }

    /** The CPU time of the threads whose (lower-cased) names start with one of {@code prefixes}. */
    private static long sum(Map<String, Long> threadCpu, String... prefixes) {
        long total = 0;
        for (Map.Entry<String, Long> thread : threadCpu.entrySet()) {
            String name = thread.getKey().toLowerCase(Locale.ROOT);
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    total += thread.getValue();
                    break;
                }
            }
        }
        return total;
    }

    /** Fails {@code count} writes, {@code gapNanos} apart; returns the time spent in the failing writes. */
    private static long fail(OutputStream out, int count, long gapNanos) {
        byte[] oneByte = {1};
        long inWrites = 0;
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try {
                out.write(oneByte);
                throw new IllegalStateException("a write to the reset socket did not fail");
            } catch (IOException e) {
                inWrites += System.nanoTime() - start;
                if (!ResetSocket.isBrokenPipe(e)) {
                    throw new IllegalStateException("expected Broken pipe, got " + e);
                }
            }
            LockSupport.parkNanos(gapNanos);
        }
        return inWrites;
    }

    private static Thread find(String name) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                return thread;
            }
        }
        return null;
    }
}
