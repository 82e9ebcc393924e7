package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanRateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @ParameterizedTest(name = "tat={0} now={1} -> {2}")
    @CsvSource({
        // interval 100, tolerance 300 (burst 4)
        "0,    0,    100",     // idle: admitted, TAT one interval ahead
        "0,    1000, 1100",    // long idle: TAT catches up with now
        "300,  0,    400",     // three in flight: still within tolerance
        "400,  0,    REJECT",  // four in flight: over
        "400,  100,  500",     // time passed: a slot freed
        "-50,  -100, 50",      // nanoTime may be negative
    })
    void gcraDecision(long tat, long now, String expected) {
        long result = SpanRateLimit.admit(tat, now, 100, 300);
        assertEquals(expected, result == SpanRateLimit.REJECTED ? "REJECT" : String.valueOf(result));
    }

    @Test
    void aBurstThenTheSustainedRate() {
        long t0 = 5 * SECOND;
        SpanRateLimit limit = new SpanRateLimit(10, 5, t0);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += limit.tryAcquire(t0) ? 1 : 0;
        }
        assertEquals(5, admitted, "the burst");
        int spread = 0;
        for (int ms = 10; ms <= 1000; ms += 10) {
            spread += limit.tryAcquire(t0 + ms * 1_000_000L) ? 1 : 0;
        }
        assertEquals(10, spread, "calls every 10 ms for a second after the burst: the sustained 10/s");
        int idle = 0;
        for (int i = 0; i < 100; i++) {
            idle += limit.tryAcquire(t0 + 10 * SECOND) ? 1 : 0;
        }
        assertEquals(5, idle, "after a long idle, at most one burst again");
    }

    @Test
    void concurrentCallersNeverExceedTheLimit() throws InterruptedException {
        long t0 = 0;
        SpanRateLimit limit = new SpanRateLimit(1, 50, t0);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    if (limit.tryAcquire(t0)) {
                        admitted.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(50, admitted.get());
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpanRateLimit(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SpanRateLimit(1, 0, 0));
    }
}
