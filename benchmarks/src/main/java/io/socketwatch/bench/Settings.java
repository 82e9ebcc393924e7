package io.socketwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The runner's command line, and how long each kind of measurement runs in a full or a quick run. */
final class Settings {

    /** System property naming the agent jar; relative paths are resolved against the working directory. */
    static final String AGENT_PROPERTY = "socketwatch.agent.jar";
    static final String AGENT_DEFAULT = "agent/target/socketwatch-agent.jar";

    static final String USAGE = String.join("\n",
            "usage: java [-Dsocketwatch.agent.jar=PATH] -jar benchmarks/target/benchmarks.jar [options]",
            "",
            "Runs every benchmark in forked JVMs without and with -javaagent:PATH (default " + AGENT_DEFAULT + ",",
            "relative to the working directory) and prints a table of ratios against the budgets of issue 3.",
            "",
            "  --quick            a short smoke run (one fork pair, short iterations): the figures are not meaningful",
            "  --only NAME[,...]  run only these: echo-socket, echo-channel, echo-selector (or echo), churn, failure,",
            "                     startup",
            "  --pairs N          JMH fork pairs per benchmark (default 12 for echo and churn, 5 for the paced failure, 3 for the failure storm; quick: 1)",
            "  --no-pin           run the echo and churn forks one at a time on every CPU, instead of each pair's two",
            "                     forks at once on CPU 1 in lockstep",
            "  --jvm PATH         the java executable of the measured JVMs (default: the one running this jar)",
            "  --markdown FILE    also write the summary table as Markdown",
            "  --verbose          show JMH's own output instead of writing it to log files",
            "  --help             this text");

    static final List<String> SECTIONS =
            List.of("echo-socket", "echo-channel", "echo-selector", "churn", "failure", "startup");

    final boolean quick;
    final boolean verbose;
    final List<String> only;
    final Path java;
    final Path agentJar;
    final Path markdown;
    final int pairs;
    final boolean pin;

    private Settings(boolean quick, boolean verbose, List<String> only, Path java, Path agentJar, Path markdown,
                     int pairs, boolean pin) {
        this.pairs = pairs;
        this.pin = pin;
        this.quick = quick;
        this.verbose = verbose;
        this.only = only;
        this.java = java;
        this.agentJar = agentJar;
        this.markdown = markdown;
    }

    static Settings parse(String[] args) {
        boolean quick = false;
        boolean verbose = false;
        List<String> only = new ArrayList<>(SECTIONS);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path markdown = null;
        int pairs = 0;
        boolean pin = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--no-pin":
                    pin = false;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--only":
                    only = select(value(args, ++i, "--only"));
                    break;
                case "--jvm":
                    java = Paths.get(value(args, ++i, "--jvm"));
                    break;
                case "--pairs":
                    pairs = Integer.parseInt(value(args, ++i, "--pairs"));
                    if (pairs < 1) {
                        throw new UsageException("--pairs must be at least 1");
                    }
                    break;
                case "--markdown":
                    markdown = Paths.get(value(args, ++i, "--markdown"));
                    break;
                case "--help":
                case "-h":
                    throw new UsageException(null);
                default:
                    throw new UsageException("unknown option " + args[i]);
            }
        }
        if (!Files.isExecutable(java)) {
            throw new UsageException("--jvm: " + java + " is not an executable");
        }
        return new Settings(quick, verbose, only, java.toAbsolutePath(), agentJar(), markdown, pairs, pin);
    }

    /** The agent under test: -Dsocketwatch.agent.jar, else agent/target/socketwatch-agent.jar; must exist. */
    static Path agentJar() {
        String configured = System.getProperty(AGENT_PROPERTY, AGENT_DEFAULT);
        Path jar = Paths.get(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("no agent jar at " + jar + ": build it first (mvn -B -q -DskipTests package, from"
                    + " the repository root) and run from there, or pass -D" + AGENT_PROPERTY + "=PATH");
        }
        return jar;
    }

    private static List<String> select(String names) {
        List<String> selected = new ArrayList<>();
        for (String name : names.split(",")) {
            boolean known = false;
            for (String section : SECTIONS) {
                if (section.equals(name) || section.startsWith(name + "-")) {
                    if (!selected.contains(section)) {
                        selected.add(section);
                    }
                    known = true;
                }
            }
            if (!known) {
                throw new UsageException("--only: unknown benchmark '" + name + "'; known: " + SECTIONS);
            }
        }
        // Keep the documented order whatever order they were named in.
        selected.sort((a, b) -> SECTIONS.indexOf(a) - SECTIONS.indexOf(b));
        return selected;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    boolean runs(String section) {
        return only.contains(section);
    }

    /**
     * 12 pairs: in lockstep a pair's CPU-per-operation ratio varies by 0.5-1.5% on a 2-vCPU machine (the agent's
     * forks differ among themselves more than forks without it do), which puts the 1% budgets about two standard
     * errors from "no difference". One after the other (--no-pin), a pair varies by 5-12% and 12 pairs resolve
     * nothing at 1%.
     */
    JmhSizes echoSizes() {
        return sizes(12, 4, 5);
    }

    JmhSizes churnSizes() {
        return sizes(12, 4, 5);
    }

    JmhSizes failurePacedSizes() {
        return sizes(5, 4, 5);
    }

    JmhSizes failureBurstSizes() {
        return sizes(3, 4, 5);
    }

    private JmhSizes sizes(int fullPairs, int warmupIterations, int measurementIterations) {
        int forkPairs = this.pairs > 0 ? this.pairs : quick ? 1 : fullPairs;
        return quick ? new JmhSizes(forkPairs, 1, 2) : new JmhSizes(forkPairs, warmupIterations, measurementIterations);
    }

    /** ReporterCost processes with the agent (and as many without); failures warmed up and measured in each. */
    int reporterRuns() {
        return quick ? 1 : 3;
    }

    int reporterFailures() {
        return quick ? 3_000 : 20_000;
    }

    int startupWarmups() {
        return quick ? 1 : 2;
    }

    int startupRuns() {
        return quick ? 3 : 15;
    }

    static final class JmhSizes {
        final int pairs;
        final int warmupIterations;
        final int measurementIterations;

        JmhSizes(int pairs, int warmupIterations, int measurementIterations) {
            this.pairs = pairs;
            this.warmupIterations = warmupIterations;
            this.measurementIterations = measurementIterations;
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static String describeOnly(List<String> only) {
        return only.size() == SECTIONS.size() ? "all" : String.join(", ", only);
    }

    @Override
    public String toString() {
        return Arrays.asList(quick ? "quick" : "full", describeOnly(only)).toString();
    }
}
