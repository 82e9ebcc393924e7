package org.example.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What did not go as designed: all counted, the first few kept for stderr. Thread-safe. */
final class Surprises {

    private final int kept;
    private final AtomicInteger count = new AtomicInteger();
    private final List<String> first = new ArrayList<>();

    Surprises(int kept) {
        this.kept = kept;
    }

    void add(String what) {
        count.incrementAndGet();
        synchronized (first) {
            if (first.size() < kept) {
                first.add(Thread.currentThread().getName() + ": " + what);
            }
        }
    }

    int count() {
        return count.get();
    }

    void print(String program) {
        System.err.println(program + ": not as designed, " + count() + " surprises; the first ones:");
        synchronized (first) {
            first.forEach(line -> System.err.println("  " + line));
        }
    }
}
