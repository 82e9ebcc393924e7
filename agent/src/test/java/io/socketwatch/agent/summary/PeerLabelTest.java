package io.socketwatch.agent.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerLabelTest {

    static Stream<Arguments> labels() {
        return Stream.of(
                Arguments.of(false, "127.0.0.1", 8080L, "peer 127.0.0.1:8080"),
                Arguments.of(false, "db.internal", 5432L, "peer db.internal:5432"),
                Arguments.of(false, "::1", 443L, "peer [::1]:443"),
                Arguments.of(true, "0.0.0.0", 8080L, "clients of 0.0.0.0:8080"),
                Arguments.of(true, "0:0:0:0:0:0:0:1", 8443L, "clients of [0:0:0:0:0:0:0:1]:8443"),
                Arguments.of(false, null, -1L, "unknown peer"),
                Arguments.of(true, null, -1L, "clients of an unknown endpoint"),
                Arguments.of(false, "_OTHER", -1L, "further peers"),
                Arguments.of(true, "_OTHER", -1L, "clients of further endpoints"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("labels")
    void label(boolean serverSide, String address, long port, String expected) {
        assertEquals(expected, PeerLabel.of(serverSide, address, port));
    }
}
