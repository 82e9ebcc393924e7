package io.socketwatch.bench;

import io.socketwatch.bench.jmh.Lockstep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs one JMH benchmark as pairs of single forks, one JVM without the agent and one with -javaagent. A fork (not
 * an iteration) is the unit that varies independently: JIT decisions, memory layout and thread placement are fixed
 * per JVM, so the intervals are computed over the per-fork means.
 *
 * <p>Two ways to run a pair. In lockstep (the healthy-path throughput benchmarks), both forks run at the same time
 * on one CPU and start every iteration together ({@link Lockstep} says why: it takes the machine's slow drifts
 * and sudden regime changes out of the ratio). One after the other (the failure path, which measures CPU time per
 * failure on every CPU; and the throughput benchmarks with --no-pin or without taskset), alternating which goes
 * first, so that slow drifts affect both variants alike.
 */
final class JmhPairs {

    /** Every measured JVM gets the same fixed heap, so GC sizing does not differ between forks. */
    static final List<String> BASE_JVM_ARGS = List.of("-Xms1g", "-Xmx1g");

    /** The CPU the pinned forks run on; CPU 0 usually takes more of the machine's interrupts. */
    static final int PINNED_CPU = 1;

    private final Settings settings;
    private final Path logDir;
    private final Path pinnedJava;

    JmhPairs(Settings settings, Path logDir) throws IOException {
        this.settings = settings;
        this.logDir = logDir;
        this.pinnedJava = settings.pin ? pinnedLauncher(settings.java, logDir) : null;
    }

    /** True when lockstep pairs really run on one CPU (taskset found, not --no-pin). */
    boolean pins() {
        return pinnedJava != null;
    }

    /**
     * A launcher that starts the measured JVM on one CPU only (util-linux taskset): JMH takes the path of a java
     * executable, so this is a two-line script in the log directory. Null when taskset is missing.
     */
    private static Path pinnedLauncher(Path java, Path dir) throws IOException {
        Path taskset = null;
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Paths.get(directory, "taskset");
            if (Files.isExecutable(candidate)) {
                taskset = candidate;
                break;
            }
        }
        if (taskset == null || Runtime.getRuntime().availableProcessors() <= PINNED_CPU) {
            return null;
        }
        Path launcher = dir.resolve("java-on-cpu" + PINNED_CPU);
        Files.write(launcher, ("#!/bin/sh\nexec " + taskset + " -c " + PINNED_CPU + " '" + java + "' \"$@\"\n")
                .getBytes(StandardCharsets.UTF_8));
        launcher.toFile().setExecutable(true);
        return launcher;
    }

    /** Per-fork primary scores, without and with the agent, in pair order. */
    static final class Result {
        final double[] without;
        final double[] with;
        final String unit;
        /** Per-fork CPU time per operation (ns, every thread of the JVM); null unless the pairs ran in lockstep. */
        final double[] cpuWithout;
        final double[] cpuWith;

        Result(double[] without, double[] with, String unit, double[] cpuWithout, double[] cpuWith) {
            this.without = without;
            this.with = with;
            this.unit = unit;
            this.cpuWithout = cpuWithout;
            this.cpuWith = cpuWith;
        }
    }

    /**
     * @param agentJvmArgs added after -javaagent in the forks with the agent
     * @param forkJvmArgs  for fork (variant, pair index): extra arguments for both variants, e.g. a stats file
     * @param lockstep     run each pair's forks at once on the pinned CPU, in lockstep, if pinning is possible
     */
    Result run(String name, Class<?> benchmark, String method, Map<String, String> params,
               List<String> agentJvmArgs, Function<String, List<String>> forkJvmArgs, boolean lockstep,
               Settings.JmhSizes sizes) throws Exception {
        boolean together = lockstep && pinnedJava != null;
        Path java = together ? pinnedJava : settings.java;
        double[] without = new double[sizes.pairs];
        double[] with = new double[sizes.pairs];
        double[] cpuWithout = together ? new double[sizes.pairs] : null;
        double[] cpuWith = together ? new double[sizes.pairs] : null;
        String unit = null;
        for (int pair = 0; pair < sizes.pairs; pair++) {
            int number = pair + 1;
            Fork none = new Fork(name + "-none-" + number, forkJvmArgs, List.of());
            List<String> agentArgs = new ArrayList<>();
            agentArgs.add("-javaagent:" + settings.agentJar);
            agentArgs.addAll(agentJvmArgs);
            Fork agent = new Fork(name + "-agent-" + number, forkJvmArgs, agentArgs);
            Fork first = pair % 2 == 1 ? agent : none;
            RunResult[] results = LoadMonitor.measure(name + " pair " + number, () -> together
                    ? inLockstep(name + "-lockstep-" + number, none, agent, java, benchmark, method, params, sizes)
                    : oneAfterOther(first, first == none ? agent : none, none, java, benchmark, method, params,
                            sizes));
            unit = results[0].getPrimaryResult().getScoreUnit();
            without[pair] = results[0].getPrimaryResult().getScore();
            with[pair] = results[1].getPrimaryResult().getScore();
            String cpu = "";
            if (together) {
                cpuWithout[pair] = cpuPerOperation(none, results[0], sizes);
                cpuWith[pair] = cpuPerOperation(agent, results[1], sizes);
                cpu = String.format("; CPU per operation without %s, with %s ns", Format.score(cpuWithout[pair]),
                        Format.score(cpuWith[pair]));
            }
            Progress.say(String.format("  %s pair %d/%d: without %s, with %s %s%s", name, number, sizes.pairs,
                    Format.score(without[pair]), Format.score(with[pair]), unit, cpu));
        }
        return new Result(without, with, unit, cpuWithout, cpuWith);
    }

    /** One fork's name and JVM arguments beyond the base ones. */
    private static final class Fork {
        final String name;
        final List<String> jvmArgs = new ArrayList<>();

        Fork(String name, Function<String, List<String>> forkJvmArgs, List<String> variantArgs) {
            this.name = name;
            jvmArgs.addAll(variantArgs);
            jvmArgs.addAll(forkJvmArgs.apply(name));
        }
    }

    /** Results as {without, with}. */
    private RunResult[] oneAfterOther(Fork first, Fork second, Fork none, Path java, Class<?> benchmark,
                                      String method, Map<String, String> params, Settings.JmhSizes sizes)
            throws RunnerException {
        RunResult firstResult = fork(first, List.of(), java, benchmark, method, params, sizes);
        RunResult secondResult = fork(second, List.of(), java, benchmark, method, params, sizes);
        return first == none ? new RunResult[] {firstResult, secondResult}
                : new RunResult[] {secondResult, firstResult};
    }

    /**
     * Both forks at once, sharing a zeroed counter file through which they start each iteration together. Checks
     * afterwards that every iteration really was started by both. Results as {without, with}.
     */
    private RunResult[] inLockstep(String counterName, Fork none, Fork agent, Path java, Class<?> benchmark,
                                   String method, Map<String, String> params, Settings.JmhSizes sizes)
            throws Exception {
        Path counter = logDir.resolve(counterName);
        Files.write(counter, new byte[Integer.BYTES]);
        String shared = "-D" + Lockstep.PROPERTY + "=" + counter;
        FutureTask<RunResult> withAgent = new FutureTask<>(
                () -> fork(agent, List.of(shared, cpuFileArg(agent)), java, benchmark, method, params, sizes));
        Thread partner = new Thread(withAgent, agent.name);
        partner.setDaemon(true);
        partner.start();
        RunResult without = fork(none, List.of(shared, cpuFileArg(none)), java, benchmark, method, params, sizes);
        RunResult with;
        try {
            with = withAgent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        int iterations = sizes.warmupIterations + sizes.measurementIterations;
        int together = Lockstep.startedByBoth(counter);
        if (together != iterations) {
            throw new IllegalStateException(counterName + ": the forks started " + together + " iterations together,"
                    + " not " + iterations + ": the lockstep did not hold, so the ratio would not be comparable");
        }
        return new RunResult[] {without, with};
    }

    private String cpuFileArg(Fork fork) {
        return "-D" + Lockstep.CPU_PROPERTY + "=" + logDir.resolve(fork.name + ".cpu");
    }

    /**
     * The fork's CPU time per measured operation: the CPU time its Lockstep recorded for the last measured
     * iterations (a repeated pair appends; the latest lines are the kept run's), over the operations JMH counted.
     */
    private double cpuPerOperation(Fork fork, RunResult result, Settings.JmhSizes sizes) throws IOException {
        List<String> lines = Files.readAllLines(logDir.resolve(fork.name + ".cpu"));
        if (lines.size() < sizes.measurementIterations) {
            throw new IllegalStateException(fork.name + ": CPU time recorded for " + lines.size()
                    + " iterations, fewer than the " + sizes.measurementIterations + " measured");
        }
        long nanos = 0;
        for (String line : lines.subList(lines.size() - sizes.measurementIterations, lines.size())) {
            nanos += Long.parseLong(line.trim());
        }
        long operations = 0;
        for (BenchmarkResult benchmark : result.getBenchmarkResults()) {
            for (IterationResult iteration : benchmark.getIterationResults()) {
                operations += iteration.getMetadata().getMeasuredOps();
            }
        }
        return (double) nanos / operations;
    }

    private RunResult fork(Fork fork, List<String> sharedArgs, Path java, Class<?> benchmark, String method,
                           Map<String, String> params, Settings.JmhSizes sizes) throws RunnerException {
        List<String> jvmArgsAppend = new ArrayList<>(fork.jvmArgs);
        jvmArgsAppend.addAll(sharedArgs);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .forks(1)
                .warmupIterations(sizes.warmupIterations)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(sizes.measurementIterations)
                .measurementTime(TimeValue.seconds(1))
                .threads(1)
                .jvm(java.toString())
                .jvmArgs(BASE_JVM_ARGS.toArray(new String[0]))
                .jvmArgsAppend(jvmArgsAppend.toArray(new String[0]))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.NORMAL);
        for (Map.Entry<String, String> param : params.entrySet()) {
            options.param(param.getKey(), param.getValue());
        }
        if (!settings.verbose) {
            options.output(logDir.resolve(fork.name + ".log").toString());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new RunnerException(fork.name + ": expected one result, got " + results.size()
                    + " (see " + logDir.resolve(fork.name + ".log") + ")");
        }
        return results.iterator().next();
    }
}
