package io.socketwatch.agent.diagnose;

import static io.socketwatch.agent.classify.ErrorType.*;
import static io.socketwatch.agent.classify.Operation.*;
import static io.socketwatch.agent.classify.Role.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hint with the facts that must produce it, and the near misses that must produce none. A row's expectation
 * is a list of fragments the hint must contain, or null for "no hint".
 */
class HintsTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                // Reset caused here.
                row("close with unread bytes", f(RESET_SENT, CLOSE, SERVER).resetSent(ResetCause.UNREAD_DATA, 17),
                        "this process caused the reset", "17 unread bytes"),
                row("close with SO_LINGER 0", f(RESET_SENT, CLOSE, CLIENT).resetSent(ResetCause.LINGER_ZERO, 0),
                        "SO_LINGER", "0 s timeout"),
                row("reset_sent without a cause", f(RESET_SENT, CLOSE, CLIENT), (String[]) null),

                // Wrote after the peer's EOF.
                row("broken pipe after EOF", f(BROKEN_PIPE, WRITE, CLIENT).eofSeen(s(2.5)).sinceLastRead(s(2.5)),
                        "peer closed the connection first", "EOF 2.5 s before", "wrote anyway"),
                row("write reset after EOF", f(CONNECTION_RESET, WRITE, SERVER).eofSeen(ms(3)),
                        "peer closed the connection first"),
                row("near miss: broken pipe, no EOF seen", f(BROKEN_PIPE, WRITE, CLIENT).sinceLastRead(ms(3))
                        .sinceLastWrite(ms(1)).age(s(1)), (String[]) null),
                row("near miss: read reset after EOF", f(CONNECTION_RESET, READ, CLIENT).eofSeen(ms(1)),
                        (String[]) null),
                row("near miss: write timeout after EOF", f(WRITE_TIMEOUT, WRITE, CLIENT).eofSeen(ms(1)),
                        (String[]) null),

                // Stale pooled connection: reused, quiet, request written, reset before any response byte.
                row("stale pooled connection", stale().sinceLastWrite(ms(2)).quietBeforeRequest(s(30)),
                        "reused connection (1 earlier exchange)", "after 30.0 s idle", "stale pooled connection"),
                row("stale, idle close to Node.js 5 s", stale().sinceLastWrite(ms(2)).quietBeforeRequest(s(5.02)),
                        "stale pooled connection", "close to the 5 s idle timeout of the Node.js"),
                row("stale, 3 earlier exchanges", f(CONNECTION_RESET, READ, CLIENT).turns(6).sinceLastRead(s(40))
                        .sinceLastWrite(ms(1)).quietBeforeRequest(s(40)), "3 earlier exchanges"),
                row("near miss: first exchange, not reused", f(CONNECTION_RESET, READ, CLIENT).turns(0)
                        .sinceLastWrite(ms(2)).quietBeforeRequest(s(30)).age(s(30)), (String[]) null),
                row("near miss: a response byte was read", stale().sinceLastRead(ms(1)).sinceLastWrite(ms(2))
                        .quietBeforeRequest(s(30)), (String[]) null),
                row("near miss: reset long after the request", stale().sinceLastWrite(s(2)).quietBeforeRequest(s(30)),
                        (String[]) null),
                row("near miss: back-to-back reuse", stale().sinceLastWrite(ms(2)).quietBeforeRequest(ms(300)),
                        (String[]) null),
                row("near miss: server role", f(CONNECTION_RESET, READ, SERVER).turns(2).sinceLastRead(s(31))
                        .sinceLastWrite(ms(2)).quietBeforeRequest(s(30)), (String[]) null),
                row("near miss: EOF seen", stale().sinceLastWrite(ms(2)).quietBeforeRequest(s(30)).eofSeen(s(1)),
                        (String[]) null),

                // Idle timeouts, failing out of the quiet period itself.
                row("NLB 350 s", idle(CONNECTION_RESET, READ, s(351.2)), "351.2 s idle",
                        "350 s idle timeout of the AWS Network Load Balancer"),
                row("NLB 350 s, just below", idle(CONNECTION_RESET, READ, s(343.5)), "350 s"),
                row("near miss: 341 s", idle(CONNECTION_RESET, READ, s(341)), (String[]) null),
                row("near miss: 368 s", idle(CONNECTION_RESET, READ, s(368)), (String[]) null),
                row("ALB/Tomcat 60 s", idle(BROKEN_PIPE, WRITE, s(60.4)), "60 s idle timeout of AWS Application"),
                row("near miss: 63.5 s, between 60 and 65", idle(CONNECTION_RESET, READ, s(63.5)), (String[]) null),
                row("nginx 65 s", idle(CONNECTION_RESET, READ, s(65.1)), "65 s idle timeout of nginx"),
                row("nginx 75 s", idle(CONNECTION_RESET, WRITE, s(75.3)), "75 s idle timeout of nginx"),
                row("near miss: 70 s", idle(CONNECTION_RESET, READ, s(70)), (String[]) null),
                row("Azure 240 s", idle(CONNECTION_RESET, READ, s(241)), "240 s idle timeout of the Azure"),
                row("near miss: 230 s", idle(CONNECTION_RESET, READ, s(230)), (String[]) null),
                row("Google 600/610 s", idle(CONNECTION_RESET, READ, s(605)), "600 s / 610 s idle timeouts",
                        "Google Cloud"),
                row("Google 610 s only", idle(CONNECTION_RESET, READ, s(635)), "610 s idle timeout of Google"),
                row("Cloud NAT 1200 s", idle(CONNECTION_RESET, READ, s(1210)), "1200 s idle timeout of Google Cloud NAT"),
                row("near miss: 1300 s", idle(CONNECTION_RESET, READ, s(1300)), (String[]) null),
                row("Node.js 5 s", idle(CONNECTION_RESET, READ, s(4.8)), "4.8 s idle", "Node.js"),
                row("near miss: 4.4 s", idle(CONNECTION_RESET, READ, s(4.4)), (String[]) null),
                row("near miss: 6.2 s", idle(CONNECTION_RESET, READ, s(6.2)), (String[]) null),
                row("near miss: 10 s", idle(CONNECTION_RESET, READ, s(10)), (String[]) null),
                row("near miss: read timeout at 60 s", idle(READ_TIMEOUT, READ, s(60)), (String[]) null),
                row("near miss: refused", f(CONNECTION_REFUSED, CONNECT, CLIENT), (String[]) null),
                row("never used since open, 350 s", f(CONNECTION_RESET, WRITE, CLIENT).age(s(350)), "350 s"),

                // Idle timeouts, a request written out of the quiet period woke the dropped flow.
                row("request after 350 s idle, server reset", f(CONNECTION_RESET, READ, SERVER).turns(2)
                        .sinceLastRead(s(352)).sinceLastWrite(ms(3)).quietBeforeRequest(s(352)), "352.0 s idle",
                        "350 s"),
                row("first request after 60 s idle, no earlier exchange", f(CONNECTION_RESET, READ, CLIENT)
                        .age(s(61)).sinceLastWrite(ms(1)).quietBeforeRequest(s(61)), "61.0 s idle", "60 s"),
                row("near miss: busy, last op a read", f(CONNECTION_RESET, READ, CLIENT).sinceLastRead(ms(5))
                        .sinceLastWrite(s(350)).quietBeforeRequest(s(350)), (String[]) null),
                row("near miss: nothing known", f(CONNECTION_RESET, READ, UNKNOWN), (String[]) null),
                // Read and write in the same clock tick: the recorded direction decides, not the equal times.
                row("stale, same tick, recorded as a write", stale().sinceLastRead(s(30)).sinceLastWrite(s(30))
                        .lastWasWrite(true).quietBeforeRequest(s(30)), (String[]) null),
                row("stale, recorded write, answered at once", f(CONNECTION_RESET, READ, CLIENT).turns(2)
                        .sinceLastRead(ms(50)).sinceLastWrite(ms(50)).lastWasWrite(true).quietBeforeRequest(s(20)),
                        "stale pooled connection"),
                row("near miss: same tick, recorded as a read", f(CONNECTION_RESET, READ, CLIENT).turns(2)
                        .sinceLastRead(ms(50)).sinceLastWrite(ms(50)).lastWasWrite(false)
                        .quietBeforeRequest(s(20)), (String[]) null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void hint(String name, FailureFacts.Builder facts, String[] fragments) {
        String hint = Hints.hint(facts.build());
        if (fragments == null) {
            assertNull(hint, name);
            return;
        }
        assertTrue(hint != null, name + ": no hint");
        for (String fragment : fragments) {
            assertTrue(hint.contains(fragment), name + ": '" + fragment + "' not in: " + hint);
        }
    }

    @Test
    void everyKnownTimeoutMatchesItselfAndNotItsNeighboursGaps() {
        for (IdleTimeouts.Known known : IdleTimeouts.TABLE) {
            String hint = Hints.hint(idle(CONNECTION_RESET, READ, s(known.seconds)).build());
            assertTrue(hint != null && hint.contains(known.seconds + " s"), known.seconds + ": " + hint);
        }
    }

    @Test
    void secondsAreLocaleIndependent() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("351.2", Hints.seconds(s(351.2)));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    private static FailureFacts.Builder stale() {
        // write, read (response), write (next request): two turns, the request is the last successful operation.
        return f(CONNECTION_RESET, READ, CLIENT).turns(2).sinceLastRead(s(30)).age(s(40));
    }

    private static FailureFacts.Builder idle(ErrorType type, Operation operation, long idle) {
        return f(type, operation, CLIENT).turns(1).sinceLastRead(idle).sinceLastWrite(idle + ms(20)).age(idle * 2);
    }

    private static FailureFacts.Builder f(ErrorType type, Operation operation, Role role) {
        return FailureFacts.of(type, operation, role);
    }

    private static long s(double seconds) {
        return (long) (seconds * 1e9);
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private static Arguments row(String name, FailureFacts.Builder facts, String... fragments) {
        return Arguments.of(name, facts, fragments);
    }
}
