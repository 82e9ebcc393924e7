package io.socketwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs one JMH benchmark as pairs of single forks, one JVM without the agent and one with -javaagent, alternating
 * which goes first. Pairing keeps slow drifts of a small shared machine (other load, thermal state) out of the
 * ratio, and a fork (not an iteration) is the unit that varies independently: JIT decisions, memory layout and
 * thread placement are fixed per JVM, so the intervals are computed over the per-fork means.
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

    /** True when {@code pinOneCpu} forks really run on one CPU (taskset found, not --no-pin). */
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

        Result(double[] without, double[] with, String unit) {
            this.without = without;
            this.with = with;
            this.unit = unit;
        }
    }

    /**
     * @param agentJvmArgs added after -javaagent in the forks with the agent
     * @param forkJvmArgs  for fork (variant, pair index): extra arguments for both variants, e.g. a stats file
     */
    Result run(String name, Class<?> benchmark, String method, Map<String, String> params,
               List<String> agentJvmArgs, Function<String, List<String>> forkJvmArgs, boolean pinOneCpu,
               Settings.JmhSizes sizes) throws Exception {
        Path java = pinOneCpu && pinnedJava != null ? pinnedJava : settings.java;
        double[] without = new double[sizes.pairs];
        double[] with = new double[sizes.pairs];
        String unit = null;
        for (int pair = 0; pair < sizes.pairs; pair++) {
            boolean agentFirst = pair % 2 == 1;
            int number = pair + 1;
            RunResult[] results = LoadMonitor.measure(name + " pair " + number, () -> {
                RunResult[] byVariant = new RunResult[2];
                for (int turn = 0; turn < 2; turn++) {
                    boolean agent = agentFirst == (turn == 0);
                    String fork = name + (agent ? "-agent-" : "-none-") + number;
                    List<String> args = new ArrayList<>();
                    if (agent) {
                        args.add("-javaagent:" + settings.agentJar);
                        args.addAll(agentJvmArgs);
                    }
                    args.addAll(forkJvmArgs.apply(fork));
                    byVariant[agent ? 1 : 0] = fork(fork, java, benchmark, method, params, args, sizes);
                }
                return byVariant;
            });
            unit = results[0].getPrimaryResult().getScoreUnit();
            without[pair] = results[0].getPrimaryResult().getScore();
            with[pair] = results[1].getPrimaryResult().getScore();
            Progress.say(String.format("  %s pair %d/%d: without %s, with %s %s", name, number, sizes.pairs,
                    Format.score(without[pair]), Format.score(with[pair]), unit));
        }
        return new Result(without, with, unit);
    }

    private RunResult fork(String fork, Path java, Class<?> benchmark, String method, Map<String, String> params,
                           List<String> jvmArgsAppend, Settings.JmhSizes sizes) throws RunnerException {
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
            options.output(logDir.resolve(fork + ".log").toString());
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new RunnerException(fork + ": expected one result, got " + results.size()
                    + " (see " + logDir.resolve(fork + ".log") + ")");
        }
        return results.iterator().next();
    }
}
