package io.socketwatch.bench;

import io.socketwatch.bench.failure.OtlpSink;
import io.socketwatch.bench.failure.ReporterCost;
import io.socketwatch.bench.jmh.FailurePathBenchmark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of one classified failure, span and counter included, against the 50 us budget: (i) what the failing
 * thread pays (JMH, with minus without the agent) plus (ii) what the agent's reporter thread spends on it (its CPU
 * time divided by the failures it handled, {@link ReporterCost}) plus (iii) what the SDK's export threads spend on
 * getting its span to an OTLP receiver (their CPU per failure, same processes): the span counts as made once sent.
 */
final class FailureSection implements Section {

    static final double BUDGET_MICROS = 50;

    /**
     * OTLP output, so nothing is printed into the benchmark's output. Not otel.traces.exporter=none: with no span
     * exporter the OpenTelemetry SDK hands out a no-op tracer and no span would be made at all. Every run exports
     * to a receiver in the runner ({@link OtlpSink}) instead: loopback only, and it counts what it gets.
     */
    static final List<String> OTLP = List.of("-Dsocketwatch.output=otlp", "-Dotel.metrics.exporter=none",
            // Explicit: the SDK's own default is grpc, which the receiver (JDK HttpServer, HTTP/1.1) does not speak.
            "-Dotel.exporter.otlp.protocol=http/protobuf");

    /**
     * The span rate limit (socketwatch.spans.*, 100/s by default) raised so that every failure gets its span: the
     * budget is for a failure reported in full. The back-to-back run keeps the default, as a storm would meet it.
     */
    static final List<String> EVERY_FAILURE_A_SPAN = List.of(
            "-Dsocketwatch.spans.per-second=1000000", "-Dsocketwatch.spans.burst=1000000");

    /**
     * Blackhole.consumeCPU tokens spent before each failure in the paced JMH benchmark: about 140 us here, several
     * times what the reporter spends per failure, so that it keeps up and competes little with the failing thread.
     */
    static final long PACE_TOKENS = 60_000;

    /**
     * Spacing of the failures in ReporterCost: well above what the reporter and the export spend per failure, so
     * the reporter keeps up and the threads hardly compete for the two CPUs.
     */
    static final int REPORTER_GAP_MICROS = 300;

    /**
     * Frames added below the failing call for the deep-stack reporter run: a server's request thread (Tomcat,
     * Spring, filters) is often 100 to 150 frames deep, and the reporter's work grows with the stack it reads.
     */
    static final int DEEPER_FRAMES = 100;

    private final Settings settings;
    private final JmhPairs jmh;
    private final Path scratch;
    private OtlpSink sink;

    FailureSection(Settings settings, JmhPairs jmh, Path scratch) {
        this.settings = settings;
        this.jmh = jmh;
        this.scratch = scratch;
    }

    @Override
    public String name() {
        return "failure";
    }

    @Override
    public void run(Report report) throws Exception {
        StringBuilder details = new StringBuilder("Failure path details (write to a reset socket: EPIPE, broken_pipe)\n");
        sink = OtlpSink.start();
        try {
            measure(report, details);
        } finally {
            sink.stop();
        }
    }

    private void measure(Report report, StringBuilder details) throws Exception {

        Progress.say("  on-thread cost, paced (JMH, paceTokens=" + PACE_TOKENS + ")");
        sink.reset();
        JmhPairs.Result paced = jmhRun("failure-paced", PACE_TOKENS, true, settings.failurePacedSizes());
        long pacedSpans = sink.spans();
        double[] pacedDelta = Stats.differences(paced.with, paced.without);
        details.append(String.format(Locale.ROOT, "  (i) on-thread, paced: %s us/op without, %s with; per-pair "
                        + "differences %s us; the agent's counters at the end of each fork with it: %s%n",
                Format.meanAbsolute(paced.without), Format.meanAbsolute(paced.with), list(pacedDelta),
                stats("failure-paced", paced.with.length)));
        details.append(String.format(Locale.ROOT, "      the OTLP receiver got %d \"socket write\" spans from those "
                + "forks, which counted %d failures in their benchmark loops (the set-up's failures come on top; "
                + "spans still queued when a fork's JVM exits may be cut off)%n", pacedSpans, failures("failure-paced", paced.with.length)));

        Progress.say("  on-thread cost, back to back (JMH, paceTokens=0, default span rate limit)");
        JmhPairs.Result burst = jmhRun("failure-burst", 0, false, settings.failureBurstSizes());
        double[] burstDelta = Stats.differences(burst.with, burst.without);
        details.append(String.format(Locale.ROOT, "      back to back, default span rate limit (a storm): %s us/op without, %s with; per-pair "
                        + "differences %s us; counters: %s%n", Format.meanAbsolute(burst.without),
                Format.meanAbsolute(burst.with), list(burstDelta), stats("failure-burst", burst.with.length)));

        Progress.say("  off-thread cost: the reporter thread's CPU per failure (" + settings.reporterRuns()
                + " processes with the agent, as many without)");
        double[] reporter = new double[settings.reporterRuns()];
        double[] processWith = new double[settings.reporterRuns()];
        double[] processWithout = new double[settings.reporterRuns()];
        double[] export = new double[settings.reporterRuns()];
        double[] jitWith = new double[settings.reporterRuns()];
        double[] jitWithout = new double[settings.reporterRuns()];
        double[] onThreadWith = new double[settings.reporterRuns()];
        double[] onThreadWithout = new double[settings.reporterRuns()];
        List<String> received = new ArrayList<>();
        String lastRecording = null;
        for (int run = 0; run < settings.reporterRuns(); run++) {
            ChildProcess[] pair = LoadMonitor.measure("reporter run " + (run + 1),
                    () -> new ChildProcess[] {reporterCost(true, null, 0), reporterCost(false, null, 0)});
            ChildProcess with = pair[0];
            ChildProcess without = pair[1];
            long failures = with.longValue("failures");
            long handled = with.longValue("handled");
            if (!"true".equals(with.value("", "reporter_found")) || handled != failures
                    || with.longValue("dropped") != 0) {
                throw new IllegalStateException("the reporter did not handle every failure: " + with.stdout);
            }
            reporter[run] = with.longValue("reporter_cpu_ns") / 1000.0 / handled;
            lastRecording = with.value("", "spans_recording");
            if (!"true".equals(lastRecording)) {
                throw new IllegalStateException("the agent's spans are not recording ones (spans_recording="
                        + lastRecording + "): the reporter's cost would not include making spans");
            }
            export[run] = with.longValue("export_threads_cpu_ns") / 1000.0 / failures;
            onThreadWith[run] = with.longValue("on_thread_ns") / 1000.0 / failures;
            onThreadWithout[run] = without.longValue("on_thread_ns") / 1000.0 / failures;
            received.add(with.longValue("spans_received") + " for " + (2 * failures));
            jitWith[run] = with.longValue("jit_cpu_ns") / 1000.0 / failures;
            jitWithout[run] = without.longValue("jit_cpu_ns") / 1000.0 / failures;
            processWith[run] = with.longValue("process_cpu_ns") / 1000.0 / failures;
            processWithout[run] = without.longValue("process_cpu_ns") / 1000.0 / failures;
            Progress.say(String.format(Locale.ROOT, "  reporter run %d/%d: %.1f us of reporter CPU per failure "
                    + "(%d handled, 0 dropped)", run + 1, reporter.length, reporter[run], handled));
        }
        ChildProcess unsampled = LoadMonitor.measure("reporter run, spans not sampled",
                () -> reporterCost(true, "-Dotel.traces.sampler=always_off", 0));
        ChildProcess deep = LoadMonitor.measure("reporter run, deep stack",
                () -> reporterCost(true, null, DEEPER_FRAMES));
        double deepMicros = deep.longValue("reporter_cpu_ns") / 1000.0 / deep.longValue("handled");
        double unsampledMicros = unsampled.longValue("reporter_cpu_ns") / 1000.0
                / unsampled.longValue("handled");
        details.append(String.format(Locale.ROOT, "  (ii) reporter thread CPU per failure, %d failures %d us "
                        + "apart after as many warm-up ones, per process: %s us (every failure handled, none dropped)%n",
                settings.reporterFailures(), REPORTER_GAP_MICROS, list(reporter)));
        details.append("      \"socket write\" spans the OTLP receiver got from each process, for its warm-up and measured "
                + "failures (plus the set-up's reset): "
                + String.join(", ", received) + "\n");
        details.append(String.format(Locale.ROOT, "  (iii) the SDK's export threads (batch span processor, OkHttp), "
                + "exporting to that receiver on loopback: %s us of CPU per failure (batched; it depends on the "
                + "exporter and the network)%n", list(export)));
        details.append(String.format(Locale.ROOT, "  on-thread cross-check in the same processes (time in the "
                        + "failing write call, failures %d us apart): %s us without the agent, %s with%n",
                REPORTER_GAP_MICROS, Format.meanAbsolute(onThreadWithout), Format.meanAbsolute(onThreadWith)));
        String recording = unsampled.value("", "spans_recording");
        details.append(String.format(Locale.ROOT, "      spans are recording ones (a probe span from the agent's own "
                        + "tracer says isRecording=%s); with otel.traces.sampler=always_off, where they are not, the "
                        + "reporter spends %.1f us per failure, so recording the span and its exception event costs "
                        + "about %.1f us of the %.1f%n", lastRecording, unsampledMicros,
                Stats.median(reporter) - unsampledMicros, Stats.median(reporter)));
        if (!"false".equals(recording)) {
            details.append("      (the always_off run's probe span said isRecording=" + recording
                    + ": the sampler setting did not apply)\n");
        }
        details.append(String.format(Locale.ROOT, "      whole-process CPU per failure in the same runs: %s us "
                        + "without the agent, %s with: the agent adds %.1f us in all threads (failing thread, "
                        + "reporter, export, GC, JIT); of it, the JIT compiler threads: %s us without the agent, "
                        + "%s with (the export path runs a few times a second and is still being compiled during "
                        + "the measured failures: a warm-up cost, not a per-failure one)",
                Format.meanAbsolute(processWithout), Format.meanAbsolute(processWith),
                Stats.mean(processWith) - Stats.mean(processWithout), Format.meanAbsolute(jitWithout),
                Format.meanAbsolute(jitWith)));
        details.append(String.format(Locale.ROOT, "%n      with %d more frames below the failing call (a server "
                        + "thread's depth), the reporter spends %.1f us per failure: the JVM materialising the "
                        + "exception's stack trace (Throwable.getStackTrace) grows with the depth; the rendered "
                        + "exception.stacktrace is remembered per failure site", DEEPER_FRAMES, deepMicros));
        report.detail(details.toString());

        report.row("failure, on-thread: the failing call, paced (i) (us/op)", Format.meanAbsolute(paced.without),
                Format.meanAbsolute(paced.with), Format.meanAbsolute(pacedDelta) + " us", "", "part of total");
        report.row("failure storm, on-thread, default limits (us/op)", Format.meanAbsolute(burst.without),
                Format.meanAbsolute(burst.with), Format.meanAbsolute(burstDelta) + " us", "", "info");
        report.row("failure, reporter thread CPU (ii) (us/failure)", "-",
                String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", Stats.median(reporter), min(reporter), max(reporter)),
                "", "", "part of total");
        report.row("failure, reporter CPU, stack " + DEEPER_FRAMES + " frames deeper (us/failure)", "-",
                String.format(Locale.ROOT, "%.1f", deepMicros), "", "", "info");
        report.row("failure, export threads CPU (iii) (us/failure)", "-",
                String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", Stats.median(export), min(export), max(export)),
                "", "", "part of total");
        double total = Stats.mean(pacedDelta) + Stats.median(reporter) + Stats.median(export);
        double half = Stats.halfWidth95(pacedDelta);
        double high = Stats.mean(pacedDelta) + (Double.isNaN(half) ? 0 : half) + max(reporter) + max(export);
        double low = Stats.mean(pacedDelta) - (Double.isNaN(half) ? 0 : half) + min(reporter) + min(export);
        String verdict = total <= BUDGET_MICROS ? "PASS" : "MISS";
        if (low <= BUDGET_MICROS && BUDGET_MICROS <= high) {
            verdict += " (budget in CI)";
        }
        report.row("failure path total (i)+(ii)+(iii) (us/failure)", "-",
                String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", total, low, high), "", "<= 50 us", verdict);
    }

    private JmhPairs.Result jmhRun(String name, long paceTokens, boolean everyFailureASpan, Settings.JmhSizes sizes)
            throws Exception {
        List<String> agentArgs = new ArrayList<>(OTLP);
        agentArgs.add("-Dotel.exporter.otlp.endpoint=" + sink.endpoint());
        if (everyFailureASpan) {
            agentArgs.addAll(EVERY_FAILURE_A_SPAN);
        }
        return jmh.run(name, FailurePathBenchmark.class, "brokenPipe",
                Map.of("paceTokens", Long.toString(paceTokens)), agentArgs,
                fork -> List.of("-D" + FailurePathBenchmark.STATS_FILE + "=" + scratch.resolve(fork + ".stats")),
                false, sizes);
    }

    /** The agent's counters (failures, accepted, handled, dropped) written by each agent fork's tear-down. */
    private String stats(String name, int pairs) throws Exception {
        List<String> all = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            Path file = scratch.resolve(name + "-agent-" + pair + ".stats");
            all.add(Files.isRegularFile(file)
                    ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim() : "n/a");
        }
        return String.join("; ", all);
    }

    /** The failures the agent forks counted, from their stats files. */
    private long failures(String name, int pairs) throws Exception {
        long total = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("failures=(\\d+)").matcher(stats(name, pairs));
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    private ChildProcess reporterCost(boolean agent, String extra, int deeperFrames) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(settings.java.toString());
        command.addAll(JmhPairs.BASE_JVM_ARGS);
        if (agent) {
            command.add("-javaagent:" + settings.agentJar);
            command.addAll(OTLP);
            command.addAll(EVERY_FAILURE_A_SPAN);
            command.add("-Dotel.bsp.schedule.delay=200");
            command.add("-Dotel.exporter.otlp.endpoint=" + sink.endpoint());
            if (extra != null) {
                command.add(extra);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ReporterCost.class.getName());
        command.add(Integer.toString(settings.reporterFailures()));
        command.add(Integer.toString(settings.reporterFailures()));
        command.add(Integer.toString(REPORTER_GAP_MICROS));
        command.add(Integer.toString(deeperFrames));
        sink.reset();
        ChildProcess child = ChildProcess.run(command, Map.of(), scratch, 600).requireSuccess("ReporterCost");
        return agent ? child.with("spans_received", sink.spans()) : child;
    }

    private static String list(double[] values) {
        List<String> formatted = new ArrayList<>();
        for (double v : values) {
            formatted.add(String.format(Locale.ROOT, "%.2f", v));
        }
        return String.join(", ", formatted);
    }

    private static double min(double[] values) {
        return Stats.quantile(values, 0);
    }

    private static double max(double[] values) {
        return Stats.quantile(values, 1);
    }
}
