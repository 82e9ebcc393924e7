package io.socketwatch.agent.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdleSampleTest {

    static Stream<Arguments> medians() {
        return Stream.of(
                Arguments.of("empty", new long[] {}, -1L),
                Arguments.of("one value", new long[] {7}, 7L),
                Arguments.of("odd count, unsorted", new long[] {9, 1, 5}, 5L),
                Arguments.of("even count: mean of the two middle values", new long[] {4, 1, 10, 8}, 6L),
                Arguments.of("even count, odd sum: rounded down", new long[] {1, 2}, 1L),
                Arguments.of("duplicates", new long[] {3, 3, 3, 100}, 3L),
                Arguments.of("zero idle is a value, not unknown", new long[] {0, 0, 5}, 0L),
                Arguments.of("large values do not overflow", new long[] {Long.MAX_VALUE - 2, Long.MAX_VALUE},
                        Long.MAX_VALUE - 1),
                Arguments.of("a cluster with outliers", new long[] {350, 351, 349, 2, 9000}, 350L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("medians")
    void median(String name, long[] values, long expected) {
        IdleSample sample = new IdleSample();
        for (long value : values) {
            sample.add(value);
        }
        assertEquals(expected, sample.median(), name);
        assertEquals(values.length, sample.seen(), name);
    }

    @Test
    void upToCapacityTheMedianIsExact() {
        IdleSample sample = new IdleSample();
        for (int i = IdleSample.CAPACITY; i >= 1; i--) {
            sample.add(i);
        }
        // 1..128: the middle values are 64 and 65
        assertEquals(64, sample.median());
        assertEquals(IdleSample.CAPACITY, sample.size());
    }

    @Test
    void pastCapacityItStaysBoundedAndUniform() {
        IdleSample sample = new IdleSample();
        // 100,000 values, 10% at 5 s and 90% at 350 s, interleaved: the median is 350 s whatever the sample keeps.
        for (int i = 0; i < 100_000; i++) {
            sample.add(i % 10 == 0 ? 5 : 350);
        }
        assertEquals(100_000, sample.seen());
        assertEquals(IdleSample.CAPACITY, sample.size(), "the sample never holds more than its capacity");
        assertEquals(350, sample.median());

        // A uniform ramp 0..99,999: the sample's median stays near the true one (49,999.5); a sample of 128 gives a
        // rank error of about 1/sqrt(128) ~ 9% at one standard deviation; allow 3.
        IdleSample ramp = new IdleSample();
        for (int i = 0; i < 100_000; i++) {
            ramp.add(i);
        }
        long median = ramp.median();
        assertTrue(median > 25_000 && median < 75_000, "median of the ramp's sample: " + median);
    }

    @Test
    void theSameValuesGiveTheSameMedian() {
        IdleSample a = new IdleSample();
        IdleSample b = new IdleSample();
        for (int i = 0; i < 10_000; i++) {
            a.add(i * 7919L % 10_007);
            b.add(i * 7919L % 10_007);
        }
        assertEquals(a.median(), b.median(), "a fixed seed: the summary does not change between identical runs");
    }
}
