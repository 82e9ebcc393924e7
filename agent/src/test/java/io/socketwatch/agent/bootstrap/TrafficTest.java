package io.socketwatch.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-read and per-write facts: a sequence of operations ("w5@10" = 5 bytes written at t=10, "r-1@30" = EOF
 * read at t=30, times in nanoseconds after an open at t=1) and the facts it must leave.
 */
class TrafficTest {

    static Stream<Arguments> sequences() {
        return Stream.of(
                // name, ops, bytesIn, bytesOut, turns, quietBeforeRequest, eofAt, lastRead, lastWrite
                Arguments.of("nothing yet", "", 0, 0, 0, -1, 0, 0, 0),
                Arguments.of("client, one exchange", "w5@10 r7@20", 7, 5, 1, 9, 0, 20, 10),
                Arguments.of("client, request in two writes", "w5@10 w5@12 r7@20", 7, 10, 1, 9, 0, 20, 12),
                Arguments.of("client, second request after 100 idle", "w5@10 r7@20 w5@120", 7, 10, 2, 100, 0, 20, 120),
                Arguments.of("client, two exchanges", "w5@10 r7@20 w5@120 r1@125 r1@126", 9, 10, 3, 100, 0, 126, 120),
                Arguments.of("server, request then response", "r5@10 w7@15", 5, 7, 1, 5, 0, 10, 15),
                Arguments.of("server, second request", "r5@10 w7@15 r5@50", 10, 7, 2, 5, 0, 50, 15),
                Arguments.of("non-blocking reads of nothing are no activity", "w5@10 r0@15 r0@16", 0, 5, 0, 9, 0, 0, 10),
                Arguments.of("EOF is remembered once, not as bytes", "w5@10 r-1@20 r-1@30", 0, 5, 0, 9, 20, 0, 10),
                Arguments.of("write after EOF", "r3@5 r-1@20 w2@40", 3, 2, 1, 35, 20, 5, 40),
                // End-of-stream seen does not hang on its time stamp (System.nanoTime() may be 0 or negative).
                Arguments.of("EOF at time 0", "r-1@0", 0, 0, 0, -1, 0, 0, 0),
                // The coarse clock gives operations in one tick the same time: turns come from the order.
                Arguments.of("same tick", "w5@10 r7@10 w5@10 r1@10", 8, 10, 3, 0, 0, 10, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void factsFollowTheOperations(String name, String ops, long bytesIn, long bytesOut, long turns, long quiet,
                                  long eofAt, long lastRead, long lastWrite) {
        Traffic c = new Traffic(new Object(), 1);
        for (String op : ops.split(" ")) {
            if (op.isEmpty()) {
                continue;
            }
            int at = op.indexOf('@');
            long n = Long.parseLong(op.substring(1, at));
            long time = Long.parseLong(op.substring(at + 1));
            if (op.charAt(0) == 'r') {
                c.read(n, time);
            } else {
                c.wrote(n, time);
            }
        }
        assertEquals(bytesIn, c.bytesIn(), "bytes in");
        assertEquals(bytesOut, c.bytesOut(), "bytes out");
        assertEquals(turns, c.turns(), "turns");
        assertEquals(quiet, c.quietBeforeRequest(), "quiet before request");
        assertEquals(eofAt, c.eofAt(), "eof at");
        assertEquals(ops.contains("r-1"), c.sawEndOfStream(), "end of stream seen (no FIONREAD at close)");
        assertEquals(lastRead, c.lastRead(), "last read");
        assertEquals(lastWrite, c.lastWrite(), "last write");
    }
}
