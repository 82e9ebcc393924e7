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

    private Settings(boolean quick, boolean verbose, List<String> only, Path java, Path agentJar, Path markdown) {
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
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
        return new Settings(quick, verbose, only, java.toAbsolutePath(), agentJar(), markdown);
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

    /** JMH sizes: fork pairs, warm-up and measured iterations of one second each. */
    JmhSizes echoSizes() {
        return quick ? new JmhSizes(1, 1, 2) : new JmhSizes(5, 4, 5);
    }

    JmhSizes churnSizes() {
        return quick ? new JmhSizes(1, 1, 2) : new JmhSizes(5, 4, 5);
    }

    JmhSizes failurePacedSizes() {
        return quick ? new JmhSizes(1, 1, 2) : new JmhSizes(5, 4, 5);
    }

    JmhSizes failureBurstSizes() {
        return quick ? new JmhSizes(1, 1, 2) : new JmhSizes(3, 4, 5);
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
