package io.socketwatch.bench;

import java.util.Locale;

/** Number formats of the report. */
final class Format {

    private Format() {
    }

    /** A score with three significant digits or more: 41,230 or 12.3 or 1.23. */
    static String score(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A mean and its 95% half-width as a percentage: "41,230 ±0.8%". */
    static String meanPercent(double[] values) {
        double mean = Stats.mean(values);
        double half = Stats.halfWidth95(values);
        return score(mean) + (Double.isNaN(half) ? "" : String.format(Locale.ROOT, " ±%.1f%%", 100 * half / mean));
    }

    /** A mean and its 95% half-width in the same unit: "12.3 ±0.4". */
    static String meanAbsolute(double[] values) {
        double half = Stats.halfWidth95(values);
        return score(Stats.mean(values)) + (Double.isNaN(half) ? "" : " ±" + score(half));
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String signed(double value) {
        return (value >= 0 ? "+" : "") + score(value);
    }
}
