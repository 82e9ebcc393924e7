package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.event.FailureEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Exact failure counts, kept by the agent itself and read by the OpenTelemetry counter's callback and by the exit
 * summary. Counting here, on the failing thread, makes {@code socketwatch.errors} exact whatever happens to spans
 * (rate limits, a full queue, the SDK still starting).
 */
public final class ErrorCounts {

    /** The SDK keeps at most 2,000 attribute sets per metric; stay well below and fold the rest. */
    static final int MAX_SERIES = 1_000;

    private final Map<CounterKey, LongAdder> counts = new ConcurrentHashMap<>();

    public void increment(FailureEvent event) {
        CounterKey key = CounterKey.of(event);
        LongAdder adder = counts.get(key);
        if (adder == null) {
            if (counts.size() >= MAX_SERIES) {
                key = new CounterKey(key.errorType, key.operation, key.role, "_OTHER", -1);
            }
            adder = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    public long total() {
        long total = 0;
        for (LongAdder adder : counts.values()) {
            total += adder.sum();
        }
        return total;
    }

    public void forEach(BiConsumer<CounterKey, Long> consumer) {
        counts.forEach((key, adder) -> consumer.accept(key, adder.sum()));
    }
}
