package io.socketwatch.agent.testing;

import java.lang.ref.WeakReference;

/** For tests that need a weakly reachable object collected. */
public final class Gc {

    private Gc() {
    }

    /**
     * Asks for collections, with some allocation pressure, until {@code ref} is cleared or 50 attempts passed: GC is
     * not on command. The caller asserts that it was cleared.
     */
    public static void untilCleared(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[64 * 1024];
            }
        }
    }
}
