package io.socketwatch.bench;

import io.socketwatch.bench.startup.HelloSocket;
import io.socketwatch.bench.startup.HelloWorld;
import io.socketwatch.bench.startup.StartupJars;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up as whole processes: wall time from spawn to exit and peak RSS (the child's own VmHWM), median of the
 * runs after warm-up runs, all variants interleaved round by round (each round starting at a different variant)
 * so that drift on the machine spreads over all of them alike.
 */
final class StartupSection implements Section {

    static final double WALL_BUDGET_MS = 200;
    static final double RSS_BUDGET_MIB = 40;

    private final Settings settings;
    private final Path scratch;

    StartupSection(Settings settings, Path scratch) {
        this.settings = settings;
        this.scratch = scratch;
    }

    @Override
    public String name() {
        return "startup";
    }

    /** One way of starting a program. */
    private static final class Variant {
        final String label;
        final Class<?> program;
        final boolean emptyAgent;
        final boolean socketwatch;
        final Map<String, String> env;
        final List<Double> wallMillis = new ArrayList<>();
        final List<Double> rssMib = new ArrayList<>();
        final List<String> threadsLeft = new ArrayList<>();
        String stderr = "";
        double lastWallMillis = Double.NaN;

        Variant(String label, Class<?> program, boolean emptyAgent, boolean socketwatch, Map<String, String> env) {
            this.label = label;
            this.program = program;
            this.emptyAgent = emptyAgent;
            this.socketwatch = socketwatch;
            this.env = env;
        }

        double[] wall() {
            return toArray(wallMillis);
        }

        double[] rss() {
            return toArray(rssMib);
        }
    }

    @Override
    public void run(Report report) throws Exception {
        Path programs = StartupJars.programs(scratch);
        Path emptyAgent = StartupJars.emptyAgent(scratch);
        String endpoint = "http://127.0.0.1:" + closedLoopbackPort();
        Variant hello = new Variant("hello world, no agent", HelloWorld.class, false, false, Map.of());
        Variant empty = new Variant("hello world, empty agent", HelloWorld.class, true, false, Map.of());
        Variant watched = new Variant("hello world, socketwatch", HelloWorld.class, false, true, Map.of());
        Variant otlp = new Variant("hello world, socketwatch + OTLP endpoint", HelloWorld.class, false, true,
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint));
        Variant socket = new Variant("hello socket, no agent", HelloSocket.class, false, false, Map.of());
        Variant socketWatched = new Variant("hello socket, socketwatch", HelloSocket.class, false, true, Map.of());
        List<Variant> variants = List.of(hello, empty, watched, otlp, socket, socketWatched);

        int rounds = settings.startupWarmups() + settings.startupRuns();
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < settings.startupWarmups();
            int first = round;
            List<ChildProcess> children = LoadMonitor.measure("start-up round " + (round + 1), () -> {
                List<ChildProcess> ran = new ArrayList<>();
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((i + first) % variants.size());
                    ChildProcess child = ChildProcess.run(command(variant, programs, emptyAgent), variant.env,
                            scratch, 60).requireSuccess(variant.label);
                    if (!child.stdout.startsWith(StartupJars.greeting(variant.program))) {
                        throw new IllegalStateException(variant.label + " printed: " + child.stdout);
                    }
                    ran.add(child);
                }
                return ran;
            });
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((i + first) % variants.size());
                ChildProcess child = children.get(i);
                variant.lastWallMillis = child.wallNanos / 1e6;
                if (!warmup) {
                    variant.wallMillis.add(variant.lastWallMillis);
                    variant.rssMib.add(child.longValue(StartupJars.reportPrefix() + "vmhwm_kb") / 1024.0);
                    String threads = child.value(StartupJars.reportPrefix(), "non_daemon_threads");
                    variant.threadsLeft.add(threads == null ? "(not reported)" : threads);
                    if (!child.stderr.isEmpty()) {
                        variant.stderr = child.stderr;
                    }
                }
            }
            Progress.say(String.format(Locale.ROOT, "  round %d/%d%s: %.0f / %.0f / %.0f / %.0f / %.0f / %.0f ms",
                    round + 1, rounds, warmup ? " (warm-up)" : "", last(hello), last(empty), last(watched),
                    last(otlp), last(socket), last(socketWatched)));
        }

        budgetRows(report, "start-up, hello world + socketwatch", hello, watched);
        budgetRows(report, "start-up, hello world + socketwatch, OTLP configured", hello, otlp);
        infoRows(report, "start-up, hello socket + socketwatch", socket, socketWatched);
        threadRow(report, watched, otlp, socketWatched);
        report.detail(details(variants, hello, empty, endpoint));
    }

    private List<String> command(Variant variant, Path programs, Path emptyAgent) {
        List<String> command = new ArrayList<>();
        command.add(settings.java.toString());
        if (variant.emptyAgent) {
            command.add("-javaagent:" + emptyAgent);
        }
        if (variant.socketwatch) {
            command.add("-javaagent:" + settings.agentJar);
        }
        command.add("-cp");
        command.add(programs.toString());
        command.add(variant.program.getName());
        return command;
    }

    private static void budgetRows(Report report, String label, Variant base, Variant measured) {
        report.row(label + ", wall (ms)", median(base.wall()), median(measured.wall()),
                added(base.wall(), measured.wall(), "ms"), "<= +200 ms",
                verdict(base.wall(), measured.wall(), WALL_BUDGET_MS));
        report.row(label + ", peak RSS (MiB)", median(base.rss()), median(measured.rss()),
                added(base.rss(), measured.rss(), "MiB"), "<= +40 MiB",
                verdict(base.rss(), measured.rss(), RSS_BUDGET_MIB));
    }

    private static void infoRows(Report report, String label, Variant base, Variant measured) {
        report.row(label + ", wall (ms)", median(base.wall()), median(measured.wall()),
                added(base.wall(), measured.wall(), "ms"), "", "info");
        report.row(label + ", peak RSS (MiB)", median(base.rss()), median(measured.rss()),
                added(base.rss(), measured.rss(), "MiB"), "", "info");
    }

    /** Every run with the agent must end with no non-daemon thread but main (and must have exited at all). */
    private static void threadRow(Report report, Variant... withAgent) {
        List<String> left = new ArrayList<>();
        int runs = 0;
        for (Variant variant : withAgent) {
            for (String threads : variant.threadsLeft) {
                runs++;
                if (!threads.isEmpty()) {
                    left.add(variant.label + ": " + threads);
                }
            }
        }
        report.row("start-up, non-daemon threads left at the end of main", "-",
                left.isEmpty() ? "none in " + runs + " runs" : String.join("; ", left), "", "none",
                left.isEmpty() ? "PASS" : "MISS");
    }

    private static String details(List<Variant> variants, Variant hello, Variant empty, String endpoint) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"variant", "wall median", "IQR", "vs no agent", "vs empty agent", "peak RSS median",
            "IQR", "vs no agent", "runs"});
        for (Variant v : variants) {
            boolean socket = v.program == HelloSocket.class;
            rows.add(new String[] {v.label,
                String.format(Locale.ROOT, "%.0f ms", Stats.median(v.wall())), iqr(v.wall(), "%.0f"),
                v == hello ? "" : String.format(Locale.ROOT, "%+.0f ms", Stats.median(v.wall()) - Stats.median(hello.wall())),
                socket || v == hello || v == empty ? ""
                        : String.format(Locale.ROOT, "%+.0f ms", Stats.median(v.wall()) - Stats.median(empty.wall())),
                String.format(Locale.ROOT, "%.1f MiB", Stats.median(v.rss())), iqr(v.rss(), "%.1f"),
                v == hello ? "" : String.format(Locale.ROOT, "%+.1f MiB", Stats.median(v.rss()) - Stats.median(hello.rss())),
                Integer.toString(v.wallMillis.size())});
        }
        StringBuilder text = new StringBuilder("Start-up details (medians; the hello socket rows compare with the "
                + "hello socket without agent: " + "their \"vs no agent\" is against the hello world)\n");
        text.append(Report.table(rows, true).replaceAll("(?m)^", "  ")).append('\n');
        text.append("  OTLP endpoint configured: OTEL_EXPORTER_OTLP_ENDPOINT=").append(endpoint)
                .append(" (a closed loopback port; nothing is sent before a failure)");
        for (Variant v : variants) {
            if (!v.stderr.isEmpty()) {
                text.append("\n  stderr of ").append(v.label).append(": ").append(v.stderr.trim());
            }
        }
        return text.toString();
    }

    private static String median(double[] values) {
        return Format.score(Stats.median(values));
    }

    private static String added(double[] base, double[] measured, String unit) {
        double difference = Stats.median(measured) - Stats.median(base);
        double[] interval = Stats.medianDifferenceInterval(base, measured);
        return String.format(Locale.ROOT, "%+.1f %s [%+.1f, %+.1f]", difference, unit, interval[0], interval[1]);
    }

    private static String verdict(double[] base, double[] measured, double budget) {
        double difference = Stats.median(measured) - Stats.median(base);
        double[] interval = Stats.medianDifferenceInterval(base, measured);
        String verdict = difference <= budget ? "PASS" : "MISS";
        if (interval[0] <= budget && budget <= interval[1]) {
            verdict += " (budget in CI)";
        }
        return verdict;
    }

    private static String iqr(double[] values, String format) {
        return String.format(Locale.ROOT, format + "-" + format, Stats.quantile(values, 0.25),
                Stats.quantile(values, 0.75));
    }

    private static double last(Variant variant) {
        return variant.lastWallMillis;
    }

    /** A loopback port nothing listens on: bound, then released. */
    static int closedLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static double[] toArray(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
