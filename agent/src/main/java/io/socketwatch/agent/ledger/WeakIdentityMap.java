package io.socketwatch.agent.ledger;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map whose keys are compared by identity and held weakly: the agent must never keep an application's
 * socket alive, and sockets that are never closed (leaked, then cleaned by the JDK's Cleaner) must not leak entries.
 * Entries of collected keys are purged on every write. Deliberately small: the agent needs get, computeIfAbsent and
 * remove on identity keys, which no JDK class offers, and a full cache library is too heavy for that.
 */
public final class WeakIdentityMap<K, V> {

    private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    public V get(K key) {
        return map.get(new Lookup(key));
    }

    public V computeIfAbsent(K key, Function<? super K, ? extends V> factory) {
        V existing = map.get(new Lookup(key));
        if (existing != null) {
            return existing;
        }
        purge();
        return map.computeIfAbsent(new WeakKey<>(key, collected), k -> factory.apply(key));
    }

    public void put(K key, V value) {
        purge();
        map.put(new WeakKey<>(key, collected), value);
    }

    public V remove(K key) {
        return map.remove(new Lookup(key));
    }

    /** Calls {@code action} for every entry whose key is still reachable (weakly consistent, like the map's). */
    public void forEach(java.util.function.BiConsumer<? super K, ? super V> action) {
        map.forEach((key, value) -> {
            @SuppressWarnings("unchecked")
            K referent = key instanceof WeakKey ? ((WeakKey<K>) key).get() : null;
            if (referent != null) {
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
        map.remove(ref);
        return true;
    }

    private void purge() {
        Object ref;
        while ((ref = collected.poll()) != null) {
            map.remove(ref);
        }
    }

    /** The stored key: weak, with the identity hash fixed at creation so it stays findable for removal. */
    private static final class WeakKey<K> extends WeakReference<K> {
        private final int hash;

        WeakKey(K referent, ReferenceQueue<K> queue) {
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
            if (other instanceof WeakKey) {
                return mine == ((WeakKey<?>) other).get();
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
            return other instanceof WeakKey ? key == ((WeakKey<?>) other).get() : other instanceof Lookup && key == ((Lookup) other).key;
        }
    }
}
