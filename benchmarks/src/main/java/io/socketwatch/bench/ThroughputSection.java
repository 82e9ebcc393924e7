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

    ThroughputSection(String name, String label, Class<?> benchmark, String method, double budget,
                      Settings.JmhSizes sizes, JmhPairs jmh) {
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
     * In lockstep the budget is judged on operations per CPU-second (the inverse of each fork's CPU time per
     * operation): both forks share one CPU, so their throughput also depends on how the scheduler splits it between
     * them, which a service running alone does not pay; a CPU-bound benchmark alone runs at exactly its operations
     * per CPU-second. The shared-CPU throughput ratio is shown beside it. One after the other (--no-pin), the budget
     * is judged on throughput.
     */
    @Override
    public void run(Report report) throws Exception {
        JmhPairs.Result result = jmh.run(name, benchmark, method, Map.of(), List.of(), fork -> List.of(), true, sizes);
        double[] throughputRatios = Stats.ratios(result.with, result.without);
        if (result.cpuWith == null) {
            report.row(label + " (" + result.unit + ")", Format.meanPercent(result.without),
                    Format.meanPercent(result.with), ratioWithInterval(throughputRatios),
                    String.format(Locale.ROOT, ">= %.2f", budget), verdict(throughputRatios, budget, true));
            return;
        }
        double[] perCpuWithout = perCpuSecond(result.cpuWithout);
        double[] perCpuWith = perCpuSecond(result.cpuWith);
        double[] ratios = Stats.ratios(perCpuWith, perCpuWithout);
        report.row(label + " (ops per CPU-second)", Format.meanPercent(perCpuWithout),
                Format.meanPercent(perCpuWith), ratioWithInterval(ratios),
                String.format(Locale.ROOT, ">= %.2f", budget), verdict(ratios, budget, true));
        report.row(label + ", sharing one CPU (" + result.unit + ")", Format.meanPercent(result.without),
                Format.meanPercent(result.with), ratioWithInterval(throughputRatios), "", "info");
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
