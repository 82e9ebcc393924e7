package io.socketwatch.agent.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every well-known idle timeout lands in a histogram bucket whose edges are exactly its hint window. */
class IdleBucketsTest {

    @Test
    void eachFingerprintHasABucketOfItsOwn() {
        List<Double> bounds = IdleBuckets.bounds();
        for (int i = 1; i < bounds.size(); i++) {
            assertTrue(bounds.get(i - 1) < bounds.get(i), "ascending: " + bounds);
        }
        for (IdleTimeouts.Known known : IdleTimeouts.TABLE) {
            double t = known.seconds;
            double lower = known.lowerEdgeNanos() / 1e9;
            double upper = known.upperEdgeNanos() / 1e9;
            assertTrue(bounds.contains(lower) && bounds.contains(upper), t + " s: " + bounds);
            // The bucket that holds T starts at the window's lower edge, unless a neighbour's window overlaps.
            double below = bounds.stream().filter(b -> b < t).reduce((a, b) -> b).orElseThrow();
            boolean overlapped = IdleTimeouts.TABLE.stream().anyMatch(o -> o != known
                    && o.upperEdgeNanos() / 1e9 > lower && o.lowerEdgeNanos() / 1e9 < upper);
            if (!overlapped) {
                assertEquals(lower, below, t + " s: " + bounds);
            }
        }
    }

    @Test
    void the350SecondBucketIsNarrow() {
        List<Double> bounds = IdleBuckets.bounds();
        assertTrue(bounds.contains(343.0) && bounds.contains(367.5), bounds.toString());
        assertTrue(bounds.stream().noneMatch(b -> b > 343.0 && b < 367.5), bounds.toString());
    }
}
