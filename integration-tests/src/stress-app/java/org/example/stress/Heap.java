package org.example.stress;

import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The heap the JVM still uses once garbage is gone, what a test compares with and without an agent, printed as two
 * {@code measured:} lines:
 *
 * <ul>
 *   <li>{@code heap-used-after-gc-bytes}: right after the work, after a full collection;</li>
 *   <li>{@code heap-used-settled-bytes}: after one more healthy connection and another full collection, repeated
 *       until the figure stops falling (at most {@value #MAX_SETTLING_ROUNDS} times). A map with weak keys
 *       (WeakHashMap, an agent's connection ledger) drops the entries of keys a collection cleared only at its next
 *       update, so until then their values are still reachable: the first figure counts them, this one has given
 *       such a map its next updates.</li>
 * </ul>
 */
final class Heap {

    private static final long REFERENCE_PROCESSING_WAIT_MILLIS = 10_000;
    private static final int MAX_SETTLING_ROUNDS = 5;
    /** A round that frees less than this has settled. */
    private static final long SETTLED_BYTES = 64 * 1024;

    private Heap() {
    }

    static void printMeasurements(ServerSocket listener) throws IOException, InterruptedException {
        long used = usedAfterFullGcAndReferenceProcessing();
        System.out.println("measured: heap-used-after-gc-bytes=" + used);
        for (int round = 0; round < MAX_SETTLING_ROUNDS; round++) {
            oneHealthyConnection(listener);
            long now = usedAfterFullGcAndReferenceProcessing();
            boolean settled = used - now < SETTLED_BYTES;
            used = Math.min(used, now);
            if (settled) {
                break;
            }
        }
        System.out.println("measured: heap-used-settled-bytes=" + used);
    }

    /**
     * {@link #usedAfterFullGc()}, then waits until the JVM's Reference Handler thread has started enqueuing the weak
     * references that collection cleared: a sentinel cleared with them is enqueued in the same pass (a bounded wait;
     * should it not come, the next round only measures a little later than it could).
     */
    private static long usedAfterFullGcAndReferenceProcessing() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        long used = usedAfterFullGc();
        queue.remove(REFERENCE_PROCESSING_WAIT_MILLIS);
        if (sentinel.get() != null) {
            System.out.println("measured: (a full collection did not clear a weak reference: -XX:+DisableExplicitGC?)");
        }
        return used;
    }

    /**
     * Bytes in use after a full collection (System.gc() is one on G1, Serial and Parallel unless
     * -XX:+DisableExplicitGC). Twice: objects only reachable from finalizers or cleaners of the first round go in
     * the second.
     */
    private static long usedAfterFullGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Connect, accept, server closes first, client reads end-of-stream and closes: nothing fails. */
    private static void oneHealthyConnection(ServerSocket listener) throws IOException {
        try (Socket client = new Socket()) {
            client.connect(listener.getLocalSocketAddress());
            try (Socket ignored = listener.accept()) {
                // closed at once
            }
            if (client.getInputStream().read() != -1) {
                throw new IOException("settling connection: data instead of end-of-stream");
            }
        }
    }
}
