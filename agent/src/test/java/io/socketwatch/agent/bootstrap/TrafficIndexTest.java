package io.socketwatch.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.agent.testing.Gc;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The index is one static table shared by the whole JVM (as the bridge is), so each test works on sockets whose slot
 * it found free, and on sockets made to share that slot.
 */
class TrafficIndexTest {

    @Test
    void anAddedSocketIsFoundByIdentityOnly() {
        Object socket = Slots.withFreeSlot(() -> new String("socket"));
        Traffic traffic = addedFor(socket);
        try {
            assertSame(traffic, TrafficIndex.find(socket));
            assertNull(TrafficIndex.find(new String("socket")), "an equal object is another socket");
        } finally {
            TrafficIndex.remove(traffic);
        }
        assertNull(TrafficIndex.find(socket), "removed");
    }

    @Test
    void aSocketOpenedAgainGetsItsNewTraffic() {
        Object socket = Slots.withFreeSlot(Object::new);
        Traffic earlier = addedFor(socket);
        Traffic again = new Traffic(socket, 0);
        assertTrue(TrafficIndex.add(again));
        assertSame(again, TrafficIndex.find(socket));
        TrafficIndex.remove(earlier);
        assertSame(again, TrafficIndex.find(socket), "the earlier Traffic no longer holds the slot");
        TrafficIndex.remove(again);
        assertNull(TrafficIndex.find(socket));
    }

    @Test
    void aSocketWhoseSlotIsTakenIsNotAddedAndNotFound() {
        Object holder = Slots.withFreeSlot(Object::new);
        Traffic held = addedFor(holder);
        Object sameSlot = Slots.sharingSlotWith(holder);
        Traffic other = new Traffic(sameSlot, 0);
        try {
            assertFalse(TrafficIndex.add(other));
            assertNull(TrafficIndex.find(sameSlot), "found through the ledger's map instead");
            TrafficIndex.remove(other);
            assertSame(held, TrafficIndex.find(holder), "removing a Traffic without the slot leaves the holder");
        } finally {
            TrafficIndex.remove(held);
        }
        assertTrue(TrafficIndex.add(other), "a removed Traffic frees its slot");
        assertSame(other, TrafficIndex.find(sameSlot));
        TrafficIndex.remove(other);
    }

    @Test
    void theSlotOfACollectedSocketCanBeTaken() {
        Object holder = Slots.withFreeSlot(Object::new);
        Traffic held = addedFor(holder);
        Object sameSlot = Slots.sharingSlotWith(holder);
        WeakReference<Object> collected = new WeakReference<>(holder);
        holder = null; // the application dropped the socket without closing it
        Gc.untilCleared(collected);
        assertNull(collected.get(), "the socket was not collected after 50 GCs");
        assertNull(held.get(), "the Traffic never keeps its socket alive");
        Traffic other = new Traffic(sameSlot, 0);
        assertTrue(TrafficIndex.add(other));
        assertSame(other, TrafficIndex.find(sameSlot));
        TrafficIndex.remove(other);
    }

    /**
     * Threads share one slot, each with its own sockets, so they keep taking and freeing it under each other. A
     * lookup must answer null or the socket's own Traffic, never another socket's.
     */
    @Test
    void aSharedSlotNeverAnswersForAnotherSocket() throws Exception {
        Object first = Slots.withFreeSlot(Object::new);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    Object[] sockets = new Object[4];
                    Traffic[] traffic = new Traffic[sockets.length];
                    for (int i = 0; i < sockets.length; i++) {
                        sockets[i] = Slots.sharingSlotWith(first);
                        traffic[i] = new Traffic(sockets[i], 0);
                    }
                    start.await();
                    for (int round = 0; round < 20_000; round++) {
                        int i = round % sockets.length;
                        TrafficIndex.add(traffic[i]);
                        Traffic found = TrafficIndex.find(sockets[i]);
                        if (found != null && found != traffic[i]) {
                            return "round " + round + ": found another socket's Traffic";
                        }
                        TrafficIndex.remove(traffic[i]);
                    }
                    return "ok";
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertEquals("ok", result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Traffic addedFor(Object socket) {
        Traffic traffic = new Traffic(socket, 0);
        assertTrue(TrafficIndex.add(traffic), "its slot was free");
        return traffic;
    }
}
