package io.socketwatch.bench;

import java.util.Arrays;

/** The little statistics the report needs: means with Student-t 95% intervals, medians and quartiles. */
final class Stats {

    /** Two-sided 95% Student-t quantiles for 1..30 degrees of freedom. */
    private static final double[] T95 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private Stats() {
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double stdev(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** Half-width of the 95% confidence interval of the mean; NaN with fewer than two values. */
    static double halfWidth95(double[] values) {
        int n = values.length;
        if (n < 2) {
            return Double.NaN;
        }
        double t = n - 1 <= T95.length ? T95[n - 2] : 1.960;
        return t * stdev(values) / Math.sqrt(n);
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** Linear interpolation between closest ranks. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    static double[] ratios(double[] numerators, double[] denominators) {
        double[] ratios = new double[numerators.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerators[i] / denominators[i];
        }
        return ratios;
    }

    static double[] differences(double[] minuends, double[] subtrahends) {
        double[] differences = new double[minuends.length];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = minuends[i] - subtrahends[i];
        }
        return differences;
    }

    /**
     * 95% bootstrap interval of median(b) - median(a), resampling each independently (fixed seed, so a report
     * is reproducible from its samples).
     */
    static double[] medianDifferenceInterval(double[] a, double[] b) {
        java.util.Random random = new java.util.Random(42);
        int rounds = 4000;
        double[] differences = new double[rounds];
        double[] sa = new double[a.length];
        double[] sb = new double[b.length];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < sa.length; i++) {
                sa[i] = a[random.nextInt(a.length)];
            }
            for (int i = 0; i < sb.length; i++) {
                sb[i] = b[random.nextInt(b.length)];
            }
            differences[r] = median(sb) - median(sa);
        }
        return new double[] {quantile(differences, 0.025), quantile(differences, 0.975)};
    }
}
