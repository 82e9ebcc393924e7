package io.socketwatch.agent.diagnose;

/**
 * Durations as seconds with one decimal ("5.1"), the way hints and console lines show them. Written out by hand
 * because String.format took ~3 us per call on the reporter thread (a Formatter parse each time): 13% of the
 * reporter's work per failure in a JFR profile of the failure-path benchmark.
 */
public final class SecondsText {

    private static final long TENTH = 100_000_000L;

    private SecondsText() {
    }

    /** {@code nanos} in seconds, rounded half up to one decimal: what String.format("%.1f", nanos / 1e9) prints. */
    public static String of(long nanos) {
        if (nanos < 0) {
            return nanos == Long.MIN_VALUE ? "-9223372036.9" : "-" + of(-nanos);
        }
        long tenths = nanos / TENTH + (nanos % TENTH >= TENTH / 2 ? 1 : 0);
        return (tenths / 10) + "." + (tenths % 10);
    }
}
