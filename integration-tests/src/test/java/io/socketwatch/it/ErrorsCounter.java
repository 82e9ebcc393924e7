package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The socketwatch.errors counter as a receiver got it, in the form {@link ExpectedFailures#perCounterSeries} uses. */
final class ErrorsCounter {

    static final String NAME = "socketwatch.errors";
    static final Set<String> ATTRIBUTE_KEYS = Set.of("error.type", "socketwatch.operation", "socketwatch.role",
            "network.transport", "server.address", "server.port");

    private ErrorsCounter() {
    }

    /**
     * The final cumulative value of every series, summed over server endpoints: "error.type operation role" ->
     * count. Fails (with {@code context}) if a series carries other attributes than the contract's.
     */
    static Map<String, Long> finalTotals(OtlpReceiver receiver, String context) {
        Map<String, Long> counted = new TreeMap<>();
        for (Map<String, Object> attributes : receiver.attributeSets(NAME)) {
            assertEquals(ATTRIBUTE_KEYS, attributes.keySet(), "counter attributes must be exactly these: " + context);
            assertEquals("tcp", attributes.get("network.transport"), context);
            long value = receiver.latestSumValue(NAME, attributes).orElseThrow();
            counted.merge(attributes.get("error.type") + " " + attributes.get("socketwatch.operation") + " "
                    + attributes.get("socketwatch.role"), value, Long::sum);
        }
        return counted;
    }
}
