package io.socketwatch.agent.summary;

/**
 * A bounded, uniform sample of the idle times before failure of one peer's failures, for the exit summary's median.
 *
 * <p>A fixed-size reservoir (Vitter's algorithm R) rather than a histogram: the median it gives is an observed value
 * ("5.0 s", comparable with the hint's text), not a bucket such as "(4.5, 6] s", and while a peer has at most
 * {@link #CAPACITY} failures it is the exact median. Past that it is the median of a uniform sample of
 * {@link #CAPACITY} values: its rank error is a few percent, which does not move a cluster at a fingerprint (they are
 * seconds apart). The array grows on demand, so a peer with two failures holds two values, not {@link #CAPACITY}.
 * The random source is a fixed-seed xorshift, so the same failures give the same summary. Not thread-safe: the
 * owner ({@link PeerDiagnoses}) serialises access.
 */
final class IdleSample {

    static final int CAPACITY = 128;

    private long[] values = new long[4];
    private int size;
    private long seen;
    private long random = 0x9E3779B97F4A7C15L;

    /** Adds one idle time in nanoseconds (non-negative). */
    void add(long nanos) {
        seen++;
        if (size < CAPACITY) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, Math.min(CAPACITY, size * 2));
            }
            values[size++] = nanos;
            return;
        }
        // Algorithm R: the seen-th value replaces a random slot with probability CAPACITY / seen.
        long slot = Long.remainderUnsigned(next(), seen);
        if (slot < CAPACITY) {
            values[(int) slot] = nanos;
        }
    }

    /** How many values the sample holds now. */
    int size() {
        return size;
    }

    /** How many idle times were added (the sample holds at most {@link #CAPACITY} of them). */
    long seen() {
        return seen;
    }

    /**
     * The median of the sample in nanoseconds: the middle value, or the mean of the two middle ones for an even
     * count; -1 if the sample is empty.
     */
    long median() {
        if (size == 0) {
            return -1;
        }
        long[] sorted = java.util.Arrays.copyOf(values, size);
        java.util.Arrays.sort(sorted);
        int middle = size / 2;
        return size % 2 == 1 ? sorted[middle] : sorted[middle - 1] + (sorted[middle] - sorted[middle - 1]) / 2;
    }

    private long next() {
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        return x;
    }
}
