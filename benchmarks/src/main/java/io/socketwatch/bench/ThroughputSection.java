package io.socketwatch.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A healthy-path throughput benchmark (echo, churn) run in fork pairs; the row is the mean of the per-pair ratios
 * with/without, its 95% interval, and the budget: the ratio must be at least {@code budget}.
 */
final class ThroughputSection implements Section {

    private final String name;
    private final String label;
    private final Class<?> benchmark;
    private final String method;
    private final double budget;
    private final Settings.JmhSizes sizes;
    private final JmhPairs jmh;
    private final boolean judgedOnCpu;

    /**
     * @param judgedOnCpu in lockstep, judge the budget on operations per CPU-second (true) or on the shared-CPU
     *                    throughput (false); see {@link #run}
     */
    ThroughputSection(String name, String label, Class<?> benchmark, String method, double budget,
                      Settings.JmhSizes sizes, JmhPairs jmh, boolean judgedOnCpu) {
        this.judgedOnCpu = judgedOnCpu;
        this.name = name;
        this.label = label;
        this.benchmark = benchmark;
        this.method = method;
        this.budget = budget;
        this.sizes = sizes;
        this.jmh = jmh;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * In lockstep both forks share one CPU, and both ratios are shown: operations per CPU-second (the inverse of each
     * fork's CPU time per operation) and the shared-CPU throughput. Which one is judged is chosen per benchmark by
     * which one recovers a known cost added to one fork of a pair without the agent (Blackhole.consumeCPU, checked
     * by hand, README "Performance"):
     * <ul>
     *   <li>echo: CPU per operation (416 ns per round trip expected at 0.9795, measured 0.977 +-0.007). Its
     *       throughput also moves with how the scheduler splits the CPU between the two JVMs, which a service alone
     *       does not pay: the agent with nothing woven got 1.5% less CPU for the same work per operation.</li>
     *   <li>churn: throughput (2.3 us per connection expected at 0.980, measured 0.970 +-0.003, an overstatement).
     *       CPU per connection did not find the cost (0.992 +-0.029): the kernel does part of a connection's work in
     *       timers and softirqs charged to whichever process is running.</li>
     * </ul>
     * One after the other (--no-pin), the budget is judged on throughput.
     */
    @Override
    public void run(Report report) throws Exception {
        JmhPairs.Result result = jmh.run(name, benchmark, method, Map.of(), List.of(), fork -> List.of(), true, sizes);
        String budgetText = String.format(Locale.ROOT, ">= %.2f", budget);
        double[] throughputRatios = Stats.ratios(result.with, result.without);
        String throughputLabel = label + (result.cpuWith == null ? "" : ", sharing one CPU") + " (" + result.unit + ")";
        boolean cpuJudged = result.cpuWith != null && judgedOnCpu;
        if (result.cpuWith != null) {
            double[] perCpuWithout = perCpuSecond(result.cpuWithout);
            double[] perCpuWith = perCpuSecond(result.cpuWith);
            double[] ratios = Stats.ratios(perCpuWith, perCpuWithout);
            report.row(label + " (ops per CPU-second)", Format.meanPercent(perCpuWithout),
                    Format.meanPercent(perCpuWith), ratioWithInterval(ratios), cpuJudged ? budgetText : "",
                    cpuJudged ? verdict(ratios, budget, true) : "info");
        }
        report.row(throughputLabel, Format.meanPercent(result.without), Format.meanPercent(result.with),
                ratioWithInterval(throughputRatios), cpuJudged ? "" : budgetText,
                cpuJudged ? "info" : verdict(throughputRatios, budget, true));
    }

    private static double[] perCpuSecond(double[] cpuNanosPerOperation) {
        double[] operations = new double[cpuNanosPerOperation.length];
        for (int i = 0; i < operations.length; i++) {
            operations[i] = 1e9 / cpuNanosPerOperation[i];
        }
        return operations;
    }

    static String ratioWithInterval(double[] ratios) {
        double half = Stats.halfWidth95(ratios);
        return Format.ratio(Stats.mean(ratios))
                + (Double.isNaN(half) ? "" : String.format(Locale.ROOT, " ±%.3f", half));
    }

    /**
     * PASS or MISS on the mean, tagged "n.s." when the interval includes "no change" (the agent's effect is not
     * distinguishable from noise) and "budget in CI" when it includes the budget (the verdict itself is noise).
     */
    static String verdict(double[] values, double budget, boolean higherIsBetter) {
        double mean = Stats.mean(values);
        double half = Stats.halfWidth95(values);
        boolean pass = higherIsBetter ? mean >= budget : mean <= budget;
        String verdict = pass ? "PASS" : "MISS";
        if (Double.isNaN(half)) {
            return verdict + " (1 pair)";
        }
        double none = higherIsBetter ? 1.0 : 0.0;
        if (mean - half <= none && none <= mean + half) {
            verdict += " (n.s.)";
        }
        if (mean - half <= budget && budget <= mean + half) {
            verdict += " (budget in CI)";
        }
        return verdict;
    }
}
