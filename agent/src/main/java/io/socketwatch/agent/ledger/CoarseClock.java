package io.socketwatch.agent.ledger;

import io.socketwatch.agent.bootstrap.CoarseTime;
import io.socketwatch.agent.internal.InternalThreads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that keeps {@link CoarseTime} (the time stamp of every successful read and write) at most
 * {@link #TICK_NANOS} old. The diagnoses this feeds resolve seconds (hint windows of 0.5 s and more), so 100 ms of
 * resolution loses nothing; attributes derived from it are exact to +-0.1 s.
 *
 * <p>The thread starts with the first connection the ledger records, so a JVM that opens none never has it; it is a
 * daemon (never keeps the JVM alive) and one of the agent's marked threads. Before it runs, {@link #now()} reads
 * System.nanoTime() itself.
 */
public final class CoarseClock {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static volatile boolean started;

    private CoarseClock() {
    }

    /** System.nanoTime() as of the last tick (at most {@link #TICK_NANOS} old), or read now before the first. */
    public static long now() {
        return CoarseTime.now();
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
        CoarseTime.tick();
        Thread ticker = InternalThreads.newThread("socketwatch-clock", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(TICK_NANOS);
                CoarseTime.tick();
            }
        });
        ticker.setPriority(Thread.MAX_PRIORITY);
        ticker.start();
        started = true;
    }
}
