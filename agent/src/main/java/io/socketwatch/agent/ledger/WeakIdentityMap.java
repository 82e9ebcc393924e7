package io.socketwatch.agent.ledger;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A concurrent map whose keys are compared by identity and held weakly: the agent must never keep an application's
 * socket alive, and sockets that are never closed (leaked, then cleaned by the JDK's Cleaner) must not leak entries.
 * Entries of collected keys are purged on every write. Deliberately small: the agent needs get, computeIfAbsent and
 * remove on identity keys, which no JDK class offers, and a full cache library is too heavy for that.
 *
 * <p>A map made {@link #withFrontTable} also keeps a small direct-mapped table of entries, indexed by the key's
 * identity hash, in front of the ConcurrentHashMap: the ledger looks up its connection on every successful read and
 * write, and that lookup (the map's chain of objects, the lookup key, the node, the weak key) measured 0.75% of a
 * 1 KiB loopback echo round trip; the front table finds the entry in two loads. An entry takes a free slot when it
 * is put and leaves it when removed; keys whose slot is taken are found through the map, as before, so a service
 * with more live connections than slots pays no more than without the table.
 */
public final class WeakIdentityMap<K, V> {

    /** Keys and values are both the {@link Entry}, which holds the key weakly and the value strongly. */
    private final ConcurrentHashMap<Object, Entry<K, V>> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();
    /** Null, or a power-of-two number of slots; racy plain reads and writes are fine, see {@link #fromTable}. */
    private final Entry<K, V>[] front;

    public WeakIdentityMap() {
        this(0);
    }

    @SuppressWarnings("unchecked")
    private WeakIdentityMap(int frontSlots) {
        this.front = frontSlots == 0 ? null : (Entry<K, V>[]) new Entry<?, ?>[frontSlots];
    }

    /** A map with a front table of {@code slots} entries (a power of two) for its hottest lookups. */
    public static <K, V> WeakIdentityMap<K, V> withFrontTable(int slots) {
        if (slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        return new WeakIdentityMap<>(slots);
    }

    public V get(K key) {
        if (front != null) {
            V value = fromTable(key);
            if (value != null) {
                return value;
            }
        }
        Entry<K, V> entry = map.get(new Lookup(key));
        return entry == null ? null : entry.value;
    }

    /**
     * The value from the front table, or null to look in the map. A slot may be read while another thread fills or
     * empties it: a stale or half-seen entry either does not hold this key (its referent is another key or null)
     * or has had its value cleared on removal, and a null sends the caller to the map, which is always right.
     */
    private V fromTable(K key) {
        Entry<K, V> entry = front[System.identityHashCode(key) & (front.length - 1)];
        return entry != null && entry.get() == key ? entry.value : null;
    }

    public V computeIfAbsent(K key, Function<? super K, ? extends V> factory) {
        V existing = get(key);
        if (existing != null) {
            return existing;
        }
        purge();
        Entry<K, V> fresh = new Entry<>(key, collected);
        Entry<K, V> entry = map.computeIfAbsent(fresh, k -> {
            V value = factory.apply(key);
            if (value == null) {
                return null;
            }
            fresh.value = value;
            return fresh;
        });
        if (entry == null) {
            return null; // the factory returned null: nothing was added
        }
        if (entry == fresh) {
            takeSlot(fresh);
        }
        return entry.value;
    }

    public void put(K key, V value) {
        purge();
        Entry<K, V> entry = new Entry<>(key, collected);
        entry.value = value;
        Entry<K, V> replaced = map.put(entry, entry);
        if (replaced != null) {
            left(replaced);
        }
        takeSlot(entry);
    }

    public V remove(K key) {
        Entry<K, V> removed = map.remove(new Lookup(key));
        if (removed == null) {
            return null;
        }
        V value = removed.value;
        left(removed);
        return value;
    }

    /** Calls {@code action} for every entry whose key is still reachable (weakly consistent, like the map's). */
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach((key, entry) -> {
            K referent = entry.get();
            V value = entry.value;
            if (referent != null && value != null) {
                action.accept(referent, value);
            }
        });
    }

    /** Live entries, after dropping those whose keys were collected. */
    public int size() {
        purge();
        return map.size();
    }

    /**
     * Waits until a collected key reaches this map's queue (the Reference Handler thread enqueues cleared references
     * some time after the GC cleared them) and drops its entry. For tests: returns false on timeout.
     */
    boolean awaitCollected(long timeoutMillis) throws InterruptedException {
        Object ref = collected.remove(timeoutMillis);
        if (ref == null) {
            return false;
        }
        dropCollected(ref);
        return true;
    }

    /** Front-table slots currently holding an entry (for tests). */
    int slotsTaken() {
        int taken = 0;
        if (front != null) {
            for (Entry<K, V> entry : front) {
                taken += entry != null ? 1 : 0;
            }
        }
        return taken;
    }

    private void purge() {
        Object ref;
        while ((ref = collected.poll()) != null) {
            dropCollected(ref);
        }
    }

    private void dropCollected(Object ref) {
        Entry<K, V> removed = map.remove(ref);
        if (removed != null) {
            left(removed);
        }
    }

    /** A new entry takes its slot if the slot is free or holds an entry that has left (removed or collected). */
    private void takeSlot(Entry<K, V> entry) {
        if (front != null) {
            int slot = entry.hash & (front.length - 1);
            Entry<K, V> current = front[slot];
            if (current == null || current.value == null || current.get() == null) {
                front[slot] = entry;
            }
        }
    }

    /**
     * The entry left the map: its value is cleared first, so that a reader who still finds it in the front table
     * (or a racing {@link #takeSlot} that puts it back) gets null and asks the map; then it frees its slot.
     */
    private void left(Entry<K, V> entry) {
        entry.value = null;
        if (front != null) {
            int slot = entry.hash & (front.length - 1);
            if (front[slot] == entry) {
                front[slot] = null;
            }
        }
    }

    /** The stored key and its value: weak to the key, with the identity hash fixed at creation for removal. */
    private static final class Entry<K, V> extends WeakReference<K> {
        private final int hash;
        /** Null once the entry left the map (or while computeIfAbsent's factory runs). */
        private volatile V value;

        Entry(K referent, ReferenceQueue<K> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object mine = get();
            if (mine == null) {
                return false;
            }
            if (other instanceof Entry) {
                return mine == ((Entry<?, ?>) other).get();
            }
            return other instanceof Lookup && mine == ((Lookup) other).key;
        }
    }

    /** A short-lived strong key for lookups; escape analysis usually removes the allocation. */
    private static final class Lookup {
        private final Object key;

        Lookup(Object key) {
            this.key = key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry ? key == ((Entry<?, ?>) other).get()
                    : other instanceof Lookup && key == ((Lookup) other).key;
        }
    }
}
