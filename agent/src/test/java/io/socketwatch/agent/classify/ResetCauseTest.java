package io.socketwatch.agent.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResetCauseTest {

    @ParameterizedTest(name = "unread={0} lingerZero={1} -> {2}")
    @CsvSource(nullValues = "none", value = {
        "0,  false, none",
        "-1, false, none",          // unknown unread count, orderly close
        "1,  false, UNREAD_DATA",
        "4096, false, UNREAD_DATA",
        "0,  true,  LINGER_ZERO",
        "-1, true,  LINGER_ZERO",
        "7,  true,  UNREAD_DATA",   // tcp_close checks unread data before SO_LINGER
    })
    void causeOfTheRstAClosedSocketSends(int unread, boolean lingerZero, ResetCause expected) {
        assertEquals(expected, ResetCause.of(unread, lingerZero));
    }
}
