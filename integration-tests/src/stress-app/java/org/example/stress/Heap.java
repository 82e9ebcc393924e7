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
 *   <li>{@code heap-used-settled-bytes}: after one more healthy connection and another full collection. A map with
 *       weak keys (WeakHashMap, an agent's connection ledger) drops the entries of keys a collection cleared only at
 *       its next update, so until then their values are still reachable: the first figure counts them, this one
 *       has given such a map its next update.</li>
 * </ul>
 */
final class Heap {

    private static final long REFERENCE_PROCESSING_WAIT_MILLIS = 10_000;

    private Heap() {
    }

    static void printMeasurements(ServerSocket listener) throws IOException, InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.out.println("measured: heap-used-after-gc-bytes=" + usedAfterFullGc());
        // The collection cleared the sentinel with every other weak reference; the JVM's Reference Handler thread
        // then enqueues them, in one pass. Once the sentinel is here, that pass has begun (bounded wait: the figure
        // is only ever higher, never wrong, if it has not finished).
        queue.remove(REFERENCE_PROCESSING_WAIT_MILLIS);
        oneHealthyConnection(listener);
        System.out.println("measured: heap-used-settled-bytes=" + usedAfterFullGc());
        if (sentinel.get() != null) {
            System.out.println("measured: (a full collection did not clear a weak reference: -XX:+DisableExplicitGC?)");
        }
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
