package io.socketwatch.agent.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits how many failures are reported one by one (spans, console lines): at most {@code perSecond} on average,
 * with bursts of up to {@code burst}. Counting is never limited; a storm of resets shows up exactly in
 * {@code socketwatch.errors} and as {@code socketwatch.spans.dropped}, without flooding the backend or the agent.
 *
 * <p>The generic cell rate algorithm: one "theoretical arrival time" (TAT), advanced by one emission interval per
 * admitted report, updated with compare-and-set so that concurrent failing threads take no lock.
 */
final class SpanRateLimit {

    private final long intervalNanos;
    private final long toleranceNanos;
    private final AtomicLong theoreticalArrival;

    SpanRateLimit(double perSecond, int burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.intervalNanos = Math.max(1, (long) (1_000_000_000L / perSecond));
        this.toleranceNanos = intervalNanos * (burst - 1);
        this.theoreticalArrival = new AtomicLong(nowNanos);
    }

    /** True if a report at {@code nowNanos} (System.nanoTime) is within the limit; admitting it uses one slot. */
    boolean tryAcquire(long nowNanos) {
        while (true) {
            long tat = theoreticalArrival.get();
            long next = admit(tat, nowNanos, intervalNanos, toleranceNanos);
            if (next == REJECTED) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return true;
            }
        }
    }

    static final long REJECTED = Long.MIN_VALUE;

    /** The GCRA decision: the new TAT if admitted, else {@link #REJECTED}. Overflow-safe for nanoTime values. */
    static long admit(long tat, long now, long interval, long tolerance) {
        long start = tat - now > 0 ? tat : now;
        if (start - now > tolerance) {
            return REJECTED;
        }
        return start + interval;
    }
}
