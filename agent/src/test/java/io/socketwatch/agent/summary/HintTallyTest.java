package io.socketwatch.agent.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HintTallyTest {

    /** Hint texts as Hints writes them, and their kind: observed numbers masked, known timeouts kept. */
    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("the connection failed after 350.2 s idle, close to the 350 s idle timeout of the AWS"
                                + " Network Load Balancer",
                        "the connection failed after # s idle, close to the 350 s idle timeout of the AWS Network"
                                + " Load Balancer"),
                Arguments.of("the connection failed after 603.0 s idle, close to the 600 s / 610 s idle timeouts of"
                                + " Google Cloud load balancers",
                        "the connection failed after # s idle, close to the 600 s / 610 s idle timeouts of Google"
                                + " Cloud load balancers"),
                Arguments.of("the connection failed after 5.0 s idle, close to the 5 s idle timeout of the Node.js"
                                + " HTTP server (keepAliveTimeout)",
                        "the connection failed after # s idle, close to the 5 s idle timeout of the Node.js HTTP"
                                + " server (keepAliveTimeout)"),
                Arguments.of("this process caused the reset: it closed the connection with 99 unread bytes",
                        "this process caused the reset: it closed the connection with # unread bytes"),
                Arguments.of("a reused connection (12 earlier exchanges) was reset right after a request was written"
                                + " after 61.5 s idle",
                        "a reused connection (# earlier exchanges) was reset right after a request was written"
                                + " after # s idle"),
                Arguments.of("the peer closed the connection first (this side read its EOF 2.5 s before)",
                        "the peer closed the connection first (this side read its EOF # s before)"),
                Arguments.of("no numbers at all", "no numbers at all"),
                // A number is kept or masked whole: no match of 35 of 350, or of 350 of 350.5, dodges the look-ahead.
                Arguments.of("after 3500 s idle timeout", "after 3500 s idle timeout"),
                Arguments.of("after 350.5 s idle timeout", "after 350.5 s idle timeout"),
                Arguments.of("after 350.5 s idle", "after # s idle"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("kinds")
    void kindMasksObservedNumbersOnly(String hint, String kind) {
        assertEquals(kind, HintTally.kindOf(hint));
    }

    @Test
    void noHintNoTop() {
        assertNull(new HintTally().top());
    }

    @Test
    void theMostFrequentKindWinsWithItsFirstTextAndWhetherOthersDiffered() {
        HintTally tally = new HintTally();
        tally.add("this process caused the reset: it closed the connection with 3 unread bytes");
        tally.add("the connection failed after 5.1 s idle, close to the 5 s idle timeout");
        tally.add("the connection failed after 4.9 s idle, close to the 5 s idle timeout");
        tally.add("the connection failed after 5.1 s idle, close to the 5 s idle timeout");
        HintTally.Kind top = tally.top();
        assertEquals(3, top.count);
        assertEquals("the connection failed after 5.1 s idle, close to the 5 s idle timeout", top.example);
        assertTrue(top.varied);
    }

    @Test
    void identicalTextsAreNotVaried() {
        HintTally tally = new HintTally();
        tally.add("SO_LINGER was set on with a 0 s timeout");
        tally.add("SO_LINGER was set on with a 0 s timeout");
        assertEquals(2, tally.top().count);
        assertFalse(tally.top().varied);
    }

    @Test
    void tiesGoToTheFirstSeen() {
        HintTally tally = new HintTally();
        tally.add("b");
        tally.add("a");
        assertEquals("b", tally.top().example);
        tally.add("a");
        assertEquals("a", tally.top().example);
    }

    @Test
    void boundedKinds() {
        HintTally tally = new HintTally();
        for (int i = 0; i < HintTally.MAX_KINDS; i++) {
            tally.add("kind " + (char) ('a' + i));
        }
        for (int i = 0; i < 1_000; i++) {
            tally.add("one kind too many " + (char) ('a' + i % 26)); // not kept: the tally is full
        }
        tally.add("kind a");
        assertEquals("kind a", tally.top().example);
        assertEquals(2, tally.top().count);
    }
}
