package io.socketwatch.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.agent.testing.Gc;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

    @Test
    void keysAreComparedByIdentityNotEquality() {
        WeakIdentityMap<String, Integer> map = new WeakIdentityMap<>();
        String a = new String("socket");
        String b = new String("socket");
        map.put(a, 1);
        assertEquals(1, map.get(a));
        assertNull(map.get(b));
        map.put(b, 2);
        assertEquals(2, map.size());
        assertEquals(1, map.remove(a));
        assertNull(map.get(a));
        assertEquals(2, map.get(b));
    }

    @Test
    void forEachVisitsTheEntriesOfLiveKeys() {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        Object a = new Object();
        Object b = new Object();
        map.put(a, "a");
        map.put(b, "b");
        List<String> seen = new ArrayList<>();
        map.forEach((key, value) -> {
            assertSame(key == a ? a : b, key);
            seen.add(value);
        });
        seen.sort(null);
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    void computeIfAbsentCreatesOnce() {
        WeakIdentityMap<Object, List<String>> map = new WeakIdentityMap<>();
        Object key = new Object();
        List<String> first = map.computeIfAbsent(key, k -> new ArrayList<>());
        assertSame(first, map.computeIfAbsent(key, k -> new ArrayList<>()));
    }

    @Test
    void entriesOfCollectedKeysAreDropped() throws InterruptedException {
        WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
        Object kept = new Object();
        map.put(kept, "kept");
        WeakReference<Object> collectedRef = putUnreachable(map);
        Gc.untilCleared(collectedRef);
        assertNull(collectedRef.get(), "the key was not collected after 50 GCs");
        assertTrue(map.awaitCollected(10_000), "the collected key never reached the map's reference queue");
        assertEquals(1, map.size(), "the entry of the collected key must be purged");
        assertEquals("kept", map.get(kept));
    }

    private static WeakReference<Object> putUnreachable(WeakIdentityMap<Object, String> map) {
        Object key = new Object();
        map.put(key, "gone");
        assertTrue(map.size() >= 1);
        return new WeakReference<>(key);
    }
}
