package io.socketwatch.bench;

import io.socketwatch.bench.jmh.ChurnBenchmark;
import io.socketwatch.bench.jmh.EchoChannelBenchmark;
import io.socketwatch.bench.jmh.EchoSelectorBenchmark;
import io.socketwatch.bench.jmh.EchoSocketBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one command that measures the agent's overhead (issue 3) and prints the table:
 * {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--only NAME]}. See {@link Settings#USAGE}.
 */
public final class BenchRunner {

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (Settings.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("benchmarks: " + e.getMessage());
                System.err.println();
            }
            System.err.println(Settings.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        if (!OneRunAtATime.acquire()) {
            System.exit(3);
            return;
        }
        Path scratch = Files.createTempDirectory("socketwatch-bench-");
        System.out.println("socketwatch overhead benchmarks (issue 3)");
        System.out.println(Machine.describe(settings));
        JmhPairs jmh = new JmhPairs(settings, scratch);
        System.out.println("pinning: " + (jmh.pins() ? "echo and churn: each pair's two forks run at once on CPU "
                + JmhPairs.PINNED_CPU + " (taskset), starting every iteration together; the failure path and "
                + "start-up run one JVM at a time on every CPU"
                : "none (" + (settings.pin ? "taskset not found" : "--no-pin") + "): one fork at a time, on every "
                + "CPU"));
        System.out.println("logs:    " + scratch);
        System.out.println();

        List<Section> sections = new ArrayList<>();
        sections.add(new ThroughputSection("echo-socket", "echo 1 KiB, blocking Socket",
                EchoSocketBenchmark.class, "roundTrip", 0.99, settings.echoSizes(), jmh, true));
        sections.add(new ThroughputSection("echo-channel", "echo 1 KiB, blocking SocketChannel",
                EchoChannelBenchmark.class, "roundTrip", 0.99, settings.echoSizes(), jmh, true));
        sections.add(new ThroughputSection("echo-selector", "echo 1 KiB, non-blocking + Selector",
                EchoSelectorBenchmark.class, "roundTrip", 0.99, settings.echoSizes(), jmh, true));
        sections.add(new ThroughputSection("churn", "churn: connect, exchange, close",
                ChurnBenchmark.class, "connectExchangeClose", 0.97, settings.churnSizes(), jmh, false));
        sections.add(new FailureSection(settings, jmh, scratch));
        sections.add(new StartupSection(settings, scratch));

        Report report = new Report();
        boolean failed = false;
        for (Section section : sections) {
            if (!settings.runs(section.name())) {
                continue;
            }
            Progress.say(section.name());
            try {
                section.run(report);
            } catch (Exception e) {
                failed = true;
                Progress.say("  " + section.name() + " FAILED: " + e);
                e.printStackTrace(System.out);
                report.row(section.name(), "-", "-", "-", "-", "ERROR (see above and " + scratch + ")");
            }
        }

        report.print(System.out);
        System.out.println();
        System.out.println("Figures are means over fork pairs (JMH) or medians over runs (start-up), each with its 95% "
                + "interval: ±half-width, or [low, high]. n.s. = the interval includes \"no difference\": the "
                + "agent's effect is not distinguishable from noise; budget in CI = the interval includes the "
                + "budget, so the verdict itself is within noise.");
        System.out.println(LoadMonitor.summary());
        System.out.printf("Total time: %d min %02d s%n", Progress.elapsedSeconds() / 60, Progress.elapsedSeconds() % 60);
        if (settings.markdown != null) {
            report.writeMarkdown(settings.markdown);
            System.out.println("Markdown table written to " + settings.markdown);
        }
        System.exit(failed ? 1 : 0);
    }
}
