package io.socketwatch.agent.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecondsTextTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0.0",
        "49999999, 0.0",
        "50000000, 0.1",
        "149999999, 0.1",
        "150000000, 0.2",
        "999999999, 1.0",
        "5100000000, 5.1",
        "5149999999, 5.1",
        "5150000000, 5.2",
        "59950000000, 60.0",
        "3600000000000, 3600.0",
        "-1500000000, -1.5",
    })
    void roundsHalfUpToOneDecimal(long nanos, String text) {
        assertEquals(text, SecondsText.of(nanos));
    }

    /** The same text String.format gave, which hints and console lines used before. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 12_345_678, 99_999_999, 100_000_000, 250_000_000, 4_500_000_000L, 4_549_999_999L,
            30_000_000_000L, 299_960_000_000L, 86_400_000_000_000L})
    void matchesStringFormat(long nanos) {
        assertEquals(String.format(Locale.ROOT, "%.1f", nanos / 1e9), SecondsText.of(nanos));
    }
}
