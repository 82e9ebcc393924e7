package io.socketwatch.agent.ledger;

import io.socketwatch.agent.internal.InternalThreads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time stamp of every successful read and write: System.nanoTime() as last read by a daemon thread that ticks
 * every {@link #TICK_NANOS}. Reading System.nanoTime() on each read and write measured 55-70 ns per call on this
 * project's 2-core VM under load (a clock_gettime through the vDSO), which at four reads/writes per 1 KiB loopback
 * round trip (~24 us) is more than the 1% the echo budget allows; a volatile read of a value that changes ten times
 * a second is an L1 hit. The diagnoses this feeds resolve seconds (hint windows of 0.5 s and more), so 100 ms of
 * resolution loses nothing; attributes derived from it are exact to +-0.1 s.
 *
 * <p>The thread starts with the first connection the ledger records, so a JVM that opens none never has it; it is a
 * daemon (never keeps the JVM alive) and one of the agent's marked threads. Before it runs, {@link #now()} reads
 * System.nanoTime() itself.
 */
public final class CoarseClock {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static volatile long now;
    private static volatile boolean started;

    private CoarseClock() {
    }

    /** System.nanoTime() as of the last tick (at most {@link #TICK_NANOS} old), or read now before the first. */
    public static long now() {
        long tick = now;
        return tick != 0 ? tick : System.nanoTime();
    }

    /** Starts the ticking thread if it is not running yet. Cheap once started: one volatile read. */
    public static void ensureStarted() {
        if (!started) {
            start();
        }
    }

    private static synchronized void start() {
        if (started) {
            return;
        }
        now = System.nanoTime();
        Thread ticker = InternalThreads.newThread("socketwatch-clock", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TICK_NANOS);
                now = System.nanoTime();
            }
        });
        ticker.setPriority(Thread.MAX_PRIORITY);
        ticker.start();
        started = true;
    }
}
