package io.socketwatch.agent.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit summary's body, line by line, for each way a peer's block can read. */
class PeerSummaryTest {

    private static final long S = 1_000_000_000L;

    @Test
    void nothingCountedPrintsNothing() {
        assertEquals(List.of(), new PeerSummary().lines(new PeerDiagnoses()));
    }

    @Test
    void onePeerWithEveryFactKnown() {
        PeerSummary summary = new PeerSummary();
        summary.add("peer 10.0.0.7:5432", "connection_reset", "read", 2);
        summary.add("peer 10.0.0.7:5432", "broken_pipe", "write", 1);
        PeerDiagnoses d = new PeerDiagnoses();
        d.record("peer 10.0.0.7:5432", 350_100_000_000L, "failed after 350.1 s idle, close to the 350 s idle timeout");
        d.record("peer 10.0.0.7:5432", 350_300_000_000L, "failed after 350.3 s idle, close to the 350 s idle timeout");
        d.record("peer 10.0.0.7:5432", 349_900_000_000L, null);
        assertEquals(List.of(
                "socketwatch:   peer 10.0.0.7:5432: 3 failures, median idle 350.1 s",
                "socketwatch:          2  connection_reset    read",
                "socketwatch:          1  broken_pipe         write",
                "socketwatch:             hint for 2 of 3 failures, for example: failed after 350.1 s idle, close to"
                        + " the 350 s idle timeout"),
                summary.lines(d));
    }

    @Test
    void noIdleKnownIsNotApplicableAndNoHintNoHintLine() {
        PeerSummary summary = new PeerSummary();
        summary.add("peer 127.0.0.1:9", "connection_refused", "connect", 1);
        PeerDiagnoses d = new PeerDiagnoses();
        d.record("peer 127.0.0.1:9", -1, null);
        assertEquals(List.of(
                "socketwatch:   peer 127.0.0.1:9: 1 failure, median idle n/a",
                "socketwatch:          1  connection_refused  connect"),
                summary.lines(d));
    }

    @Test
    void aPeerNeverDiagnosedStillShowsItsCounts() {
        PeerSummary summary = new PeerSummary();
        summary.add("unknown peer", "other", "read", 4);
        assertEquals(List.of(
                "socketwatch:   unknown peer: 4 failures, median idle n/a",
                "socketwatch:          4  other               read"),
                summary.lines(new PeerDiagnoses()));
    }

    @Test
    void whatTheIdleAndTheHintRestOnWhenNotEveryFailureWasSeen() {
        // 1,000 failures counted, 3 reported one by one (the rest over the rate limit), 2 of them with a known idle.
        PeerSummary summary = new PeerSummary();
        summary.add("clients of 0.0.0.0:8080", "connection_reset", "read", 1_000);
        PeerDiagnoses d = new PeerDiagnoses();
        d.record("clients of 0.0.0.0:8080", 2 * S, "SO_LINGER 0");
        d.record("clients of 0.0.0.0:8080", 4 * S, "SO_LINGER 0");
        d.record("clients of 0.0.0.0:8080", -1, null);
        assertEquals(List.of(
                "socketwatch:   clients of 0.0.0.0:8080: 1000 failures, median idle 3.0 s (of the 2 failures with"
                        + " a known idle)",
                "socketwatch:       1000  connection_reset    read",
                "socketwatch:             hint for 2 of the 3 failures printed one by one: SO_LINGER 0"),
                summary.lines(d));
    }

    @Test
    void rowsOfOnePeerAddUpAcrossRoles() {
        // A client and an unknown-role failure of the same type on the same peer are one row.
        PeerSummary summary = new PeerSummary();
        summary.add("peer h:1", "connection_reset", "read", 2);
        summary.add("peer h:1", "connection_reset", "read", 3);
        assertEquals(List.of(
                "socketwatch:   peer h:1: 5 failures, median idle n/a",
                "socketwatch:          5  connection_reset    read"),
                summary.lines(new PeerDiagnoses()));
    }

    @Test
    void peersByCountThenName_rowsByCountThenTypeAndOperation() {
        PeerSummary summary = new PeerSummary();
        summary.add("peer b:2", "timed_out", "read", 1);
        summary.add("peer a:1", "connection_reset", "write", 1);
        summary.add("peer a:1", "broken_pipe", "write", 1);
        summary.add("peer a:1", "connection_reset", "read", 1);
        summary.add("peer c:3", "connection_refused", "connect", 3);
        summary.add("clients of c:3", "reset_sent", "close", 3);
        assertEquals(List.of(
                "socketwatch:   clients of c:3: 3 failures, median idle n/a",
                "socketwatch:          3  reset_sent          close",
                "socketwatch:   peer a:1: 3 failures, median idle n/a",
                "socketwatch:          1  broken_pipe         write",
                "socketwatch:          1  connection_reset    read",
                "socketwatch:          1  connection_reset    write",
                "socketwatch:   peer c:3: 3 failures, median idle n/a",
                "socketwatch:          3  connection_refused  connect",
                "socketwatch:   peer b:2: 1 failure, median idle n/a",
                "socketwatch:          1  timed_out           read"),
                summary.lines(new PeerDiagnoses()));
    }

    @Test
    void theTopPeersThenOneLineForTheRest() {
        PeerSummary summary = new PeerSummary();
        for (int i = 1; i <= 13; i++) {
            summary.add("peer h:" + (100 + i), "connection_reset", "read", i);
        }
        List<String> lines = summary.lines(new PeerDiagnoses());
        assertEquals(2 * PeerSummary.TOP_PEERS + 1, lines.size(), String.join("\n", lines));
        assertEquals("socketwatch:   peer h:113: 13 failures, median idle n/a", lines.get(0));
        assertEquals("socketwatch:   peer h:104: 4 failures, median idle n/a", lines.get(18));
        // Left out: the peers with 1, 2 and 3 failures.
        assertEquals("socketwatch:   and 3 more peers: 6 failures", lines.get(20));
    }

    @Test
    void oneMorePeerIsSingular() {
        PeerSummary summary = new PeerSummary();
        summary.add("peer a:1", "connection_reset", "read", 2);
        summary.add("peer b:1", "connection_reset", "read", 1);
        assertEquals(List.of(
                "socketwatch:   peer a:1: 2 failures, median idle n/a",
                "socketwatch:          2  connection_reset    read",
                "socketwatch:   and 1 more peer: 1 failure"),
                summary.lines(new PeerDiagnoses(), 1));
    }

    @Test
    void secondsHaveOneDecimalWhateverTheLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals("5.0 s", PeerSummary.seconds(5 * S + 40_000_000L));
            assertEquals("0.1 s", PeerSummary.seconds(50_000_000L));
            assertEquals("1200.0 s", PeerSummary.seconds(1200 * S));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
