package io.socketwatch.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeakIdentityMapTest {

    /**
     * Every behaviour holds with and without a front table. One slot makes every key share it, so the second key
     * of each test is found through the map: both paths are exercised.
     */
    static Stream<Arguments> maps() {
        return Stream.of(
                Arguments.of("no front table", (Supplier<WeakIdentityMap<Object, Object>>) WeakIdentityMap::new),
                Arguments.of("front table, 1 slot",
                        (Supplier<WeakIdentityMap<Object, Object>>) () -> WeakIdentityMap.withFrontTable(1)),
                Arguments.of("front table, 1024 slots",
                        (Supplier<WeakIdentityMap<Object, Object>>) () -> WeakIdentityMap.withFrontTable(1024)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void keysAreComparedByIdentityNotEquality(String kind, Supplier<WeakIdentityMap<Object, Object>> maps) {
        WeakIdentityMap<Object, Object> map = maps.get();
        String a = new String("socket");
        String b = new String("socket");
        map.put(a, 1);
        assertEquals(1, map.get(a));
        assertNull(map.get(b));
        map.put(b, 2);
        assertEquals(2, map.size());
        assertEquals(1, map.remove(a));
        assertNull(map.get(a));
        assertNull(map.remove(a), "removed once only");
        assertEquals(2, map.get(b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void aSecondPutReplacesTheValue(String kind, Supplier<WeakIdentityMap<Object, Object>> maps) {
        WeakIdentityMap<Object, Object> map = maps.get();
        Object key = new Object();
        map.put(key, "first");
        map.put(key, "second");
        assertEquals("second", map.get(key));
        assertEquals(1, map.size());
        assertEquals("second", map.remove(key));
        assertNull(map.get(key));
        assertEquals(0, map.slotsTaken());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void forEachVisitsTheEntriesOfLiveKeys(String kind, Supplier<WeakIdentityMap<Object, Object>> maps) {
        WeakIdentityMap<Object, Object> map = maps.get();
        Object a = new Object();
        Object b = new Object();
        Object removed = new Object();
        map.put(a, "a");
        map.put(b, "b");
        map.put(removed, "removed");
        map.remove(removed);
        List<String> seen = new ArrayList<>();
        map.forEach((key, value) -> {
            assertSame(key == a ? a : b, key);
            seen.add((String) value);
        });
        seen.sort(null);
        assertEquals(List.of("a", "b"), seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void computeIfAbsentCreatesOnce(String kind, Supplier<WeakIdentityMap<Object, Object>> maps) {
        WeakIdentityMap<Object, Object> map = maps.get();
        Object key = new Object();
        Object first = map.computeIfAbsent(key, k -> new ArrayList<>());
        assertSame(first, map.computeIfAbsent(key, k -> new ArrayList<>()));
        assertSame(first, map.get(key));
        assertNull(map.computeIfAbsent(new Object(), k -> null), "a null from the factory adds nothing");
        assertEquals(1, map.size());
    }

    @Test
    void anEntryTakesAFreeSlotAndLeavesItWhenRemoved() {
        WeakIdentityMap<Object, Object> map = WeakIdentityMap.withFrontTable(1);
        Object first = new Object();
        Object second = new Object();
        map.put(first, "first");
        assertEquals(1, map.slotsTaken());
        map.put(second, "second"); // the one slot is taken: found through the map
        assertEquals("second", map.get(second));
        assertEquals("first", map.get(first));
        map.remove(first);
        assertEquals(0, map.slotsTaken(), "a removed entry frees its slot");
        assertEquals("second", map.get(second));
        Object third = new Object();
        map.computeIfAbsent(third, k -> "third");
        assertEquals(1, map.slotsTaken(), "the next new entry takes the freed slot");
        assertEquals("third", map.get(third));
        assertEquals("second", map.get(second));
    }

    /**
     * Threads share a 4-slot table, each with its own keys, so they keep taking and freeing each other's slots. A
     * key's own thread must always get what it last put, and null once it removed it: never another key's value,
     * never a removed value.
     */
    @Test
    void slotsSharedByThreadsNeverAnswerForAnotherKey() throws Exception {
        WeakIdentityMap<Object, Object> map = WeakIdentityMap.withFrontTable(4);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    Object[] keys = new Object[8];
                    for (int i = 0; i < keys.length; i++) {
                        keys[i] = new Object();
                    }
                    start.await();
                    for (int round = 0; round < 20_000; round++) {
                        Object key = keys[round % keys.length];
                        Integer value = round;
                        map.put(key, value);
                        if (map.get(key) != value) {
                            return "round " + round + ": got " + map.get(key) + " after putting " + value;
                        }
                        if (map.remove(key) != value) {
                            return "round " + round + ": removing did not return " + value;
                        }
                        if (map.get(key) != null) {
                            return "round " + round + ": got " + map.get(key) + " after removing it";
                        }
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
        assertEquals(0, map.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3, 1000})
    void theFrontTableSizeMustBeAPowerOfTwo(int slots) {
        assertThrows(IllegalArgumentException.class, () -> WeakIdentityMap.withFrontTable(slots));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void entriesOfCollectedKeysAreDropped(String kind, Supplier<WeakIdentityMap<Object, Object>> maps)
            throws InterruptedException {
        WeakIdentityMap<Object, Object> map = maps.get();
        WeakReference<Object> collectedRef = putUnreachable(map); // first, so it holds the slot if there is one
        Object kept = new Object();
        map.put(kept, "kept");
        // GC is not on command: allocate and ask until the weak reference is cleared, a bounded number of times.
        for (int i = 0; i < 50 && collectedRef.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[64 * 1024];
            }
        }
        assertNull(collectedRef.get(), "the key was not collected after 50 GCs");
        assertTrue(map.awaitCollected(10_000), "the collected key never reached the map's reference queue");
        assertEquals(1, map.size(), "the entry of the collected key must be purged");
        assertEquals("kept", map.get(kept));
        if (kind.contains("1 slot")) {
            assertEquals(0, map.slotsTaken(), "the collected key's entry must free its slot");
        }
    }

    private static WeakReference<Object> putUnreachable(WeakIdentityMap<Object, Object> map) {
        Object key = new Object();
        map.put(key, "gone");
        assertTrue(map.size() >= 1);
        return new WeakReference<>(key);
    }
}
