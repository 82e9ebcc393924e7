package io.socketwatch.agent.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Histogram bucket bounds (seconds) for idle time and connection age at failure: the edges of every well-known
 * timeout's window ({@link IdleTimeouts}), so each fingerprint has a bucket of its own ("resets cluster in
 * (343, 367.5] s" reads as the 350 s AWS timeout), plus coarse bounds in between for everything else.
 */
public final class IdleBuckets {

    private static final double[] COARSE = {0.01, 0.1, 1, 2, 10, 20, 30, 45, 90, 120, 180, 300, 450, 900, 1800, 3600,
        7200};

    private IdleBuckets() {
    }

    public static List<Double> bounds() {
        TreeSet<Double> bounds = new TreeSet<>();
        for (double bound : COARSE) {
            bounds.add(bound);
        }
        for (IdleTimeouts.Known known : IdleTimeouts.TABLE) {
            bounds.add(known.lowerEdgeNanos() / 1e9);
            bounds.add(known.upperEdgeNanos() / 1e9);
        }
        return new ArrayList<>(bounds);
    }
}
