package io.socketwatch.agent.bootstrap;

/**
 * The time stamp of every successful read and write: System.nanoTime() as last stored by the agent's clock thread
 * (io.socketwatch.agent.ledger.CoarseClock, which ticks every 100 ms). It lives in the bootstrap class loader so
 * that the bridge's read and write path reads it directly (see {@link Traffic}); a volatile read of a value that
 * changes ten times a second is an L1 hit, where System.nanoTime() measured 55-70 ns per call on this project's
 * 2-core VM (a clock_gettime through the vDSO).
 */
public final class CoarseTime {

    private static volatile long now;

    private CoarseTime() {
    }

    /** The last stored time, or System.nanoTime() itself while nothing ticks yet. */
    public static long now() {
        long tick = now;
        return tick != 0 ? tick : System.nanoTime();
    }

    /** Stores the current System.nanoTime(); called by the clock thread on every tick. */
    public static void tick() {
        now = System.nanoTime();
    }
}
