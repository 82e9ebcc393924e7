package io.socketwatch.sample;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the scenarios and prints, on stdout, only what the application observed: the same bytes on every run and on
 * JDK 11, 17 and 25, with or without the agent. Diagnostics (raw exception texts, mismatches) go to stderr.
 *
 * <p>Exit code: 0 if every scenario observed what it was designed to produce, 1 if not, 2 for a usage error.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII.name());
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                usage(out);
                out.flush();
                return 0;
            }
        }
        List<Scenario> selected = new ArrayList<>();
        for (String arg : args) {
            Optional<Scenario> scenario = Scenarios.byName(arg);
            if (scenario.isEmpty()) {
                System.err.println("sample-app: unknown scenario '" + arg + "' (--help lists the scenarios)");
                return 2;
            }
            selected.add(scenario.get());
        }
        if (selected.isEmpty()) {
            selected.addAll(Scenarios.ALL);
        }

        List<String> failed = new ArrayList<>();
        for (Scenario scenario : selected) {
            List<String> lines = execute(scenario);
            StringBuilder text = new StringBuilder("== ").append(scenario.name()).append(" ==\n");
            lines.forEach(line -> text.append(line).append('\n'));
            out.print(text);
            out.flush();
            if (!lines.equals(scenario.expected())) {
                failed.add(scenario.name());
            }
        }
        if (!failed.isEmpty()) {
            System.err.println("sample-app: not as designed: " + String.join(", ", failed));
            return 1;
        }
        return 0;
    }

    private static List<String> execute(Scenario scenario) throws InterruptedException {
        Run run = new Run(scenario.name());
        try {
            scenario.run(run);
        } catch (Exception e) {
            run.unexpected(run.client, e);
        }
        run.finish();
        List<String> lines = run.lines();
        if (!lines.equals(scenario.expected())) {
            System.err.println("sample-app: scenario " + scenario.name() + " did not observe what it was designed to");
            System.err.println("  expected:");
            scenario.expected().forEach(line -> System.err.println("    " + line));
            System.err.println("  observed:");
            lines.forEach(line -> System.err.println("    " + line));
            System.err.println("  details:");
            run.problems().forEach(line -> System.err.println("    " + line));
        }
        return lines;
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar sample-app.jar [<scenario>...]");
        out.println("Runs the named scenarios (all of them, in this order, when none is named).");
        out.println();
        int width = Scenarios.ALL.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Scenario scenario : Scenarios.ALL) {
            StringBuilder name = new StringBuilder(scenario.name());
            while (name.length() < width) {
                name.append(' ');
            }
            out.println("  " + name + "  " + scenario.description());
        }
    }
}
