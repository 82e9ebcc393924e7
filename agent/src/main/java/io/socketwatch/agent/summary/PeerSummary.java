package io.socketwatch.agent.summary;

import io.socketwatch.agent.diagnose.SecondsText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The exit summary's body: one block per peer ({@link PeerLabel}), the peers with most failures first, at most
 * {@link #TOP_PEERS} of them and a line for the rest. A block is its header (the peer, its failures, the median idle
 * before failure), one row per error type and operation with its exact count, and the most frequent hint:
 * <pre>
 * socketwatch:   peer 10.0.0.7:5432: 3 failures, median idle 350.2 s
 * socketwatch:          2  connection_reset    read
 * socketwatch:          1  broken_pipe         write
 * socketwatch:             hint for 2 of 3 failures, for example: the connection failed after 350.1 s idle, ...
 * </pre>
 * Counts come from the exact counters; the idle and the hint from {@link PeerDiagnoses}, which sees the failures
 * reported one by one: where that is fewer than the count, the header and the hint line say what they rest on.
 * Ties are broken by name, so the same failures always print the same summary.
 */
public final class PeerSummary {

    static final int TOP_PEERS = 10;
    static final String PREFIX = "socketwatch:   ";
    private static final String ROW = "socketwatch:     %6d  %-19s %s";
    /** The hint starts in the error type column of the rows above it. */
    private static final String HINT_INDENT = "socketwatch:             ";

    private final Map<String, Map<String, Long>> peers = new HashMap<>();

    /** Adds {@code count} failures of one error type and operation to {@code peer} (a {@link PeerLabel}). */
    public void add(String peer, String errorType, String operation, long count) {
        peers.computeIfAbsent(peer, p -> new HashMap<>()).merge(errorType + " " + operation, count, Long::sum);
    }

    public List<String> lines(PeerDiagnoses diagnoses) {
        return lines(diagnoses, TOP_PEERS);
    }

    List<String> lines(PeerDiagnoses diagnoses, int top) {
        List<Group> groups = new ArrayList<>();
        peers.forEach((peer, rows) -> groups.add(new Group(peer, rows)));
        groups.sort((a, b) -> a.total != b.total ? Long.compare(b.total, a.total) : a.peer.compareTo(b.peer));
        List<String> lines = new ArrayList<>();
        for (Group group : groups.subList(0, Math.min(top, groups.size()))) {
            group.print(diagnoses.of(group.peer), lines);
        }
        if (groups.size() > top) {
            long rest = 0;
            for (Group group : groups.subList(top, groups.size())) {
                rest += group.total;
            }
            int more = groups.size() - top;
            lines.add(PREFIX + "and " + more + (more == 1 ? " more peer: " : " more peers: ") + failures(rest));
        }
        return lines;
    }

    private static final class Group {
        final String peer;
        final List<Map.Entry<String, Long>> rows;
        final long total;

        Group(String peer, Map<String, Long> counts) {
            this.peer = peer;
            rows = new ArrayList<>(counts.entrySet());
            rows.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue())
                    : a.getKey().compareTo(b.getKey()));
            long sum = 0;
            for (Map.Entry<String, Long> row : rows) {
                sum += row.getValue();
            }
            total = sum;
        }

        void print(PeerDiagnoses.Diagnosis d, List<String> lines) {
            lines.add(PREFIX + peer + ": " + failures(total) + ", median idle " + median(d));
            for (Map.Entry<String, Long> row : rows) {
                String[] typeAndOperation = row.getKey().split(" ", 2);
                lines.add(String.format(Locale.ROOT, ROW, row.getValue(), typeAndOperation[0], typeAndOperation[1]));
            }
            if (d.hint != null) {
                String base = d.recorded >= total ? failures(d.recorded)
                        : "the " + failures(d.recorded) + " printed one by one";
                lines.add(HINT_INDENT + "hint for " + d.hintCount + " of " + base
                        + (d.hintVaried ? ", for example: " : ": ") + d.hint);
            }
        }

        /** "5.0 s"; "n/a" when no failure had a known idle; what it rests on when that is not every failure. */
        private String median(PeerDiagnoses.Diagnosis d) {
            if (d.knownIdle == 0 || d.medianIdle < 0) {
                return "n/a";
            }
            String text = seconds(d.medianIdle);
            return d.knownIdle >= total ? text : text + " (of the " + failures(d.knownIdle) + " with a known idle)";
        }
    }

    static String failures(long n) {
        return n + (n == 1 ? " failure" : " failures");
    }

    /** Seconds with one decimal, locale-independent, as the hints write them. */
    static String seconds(long nanos) {
        return SecondsText.of(nanos) + " s";
    }
}
