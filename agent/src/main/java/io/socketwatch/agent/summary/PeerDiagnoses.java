package io.socketwatch.agent.summary;

import java.util.HashMap;
import java.util.Map;

/**
 * What the exit summary says about each peer beyond its counts: the median idle before failure and the most frequent
 * hint. Fed by the reporter thread with each failure it reports one by one (the hint is worked out there), so the
 * failing thread pays nothing for it; under a burst, only the failures within the report rate limit are seen, a
 * sample spread over the burst. The counts themselves come from ErrorCounts and are exact.
 *
 * <p>Bounded: at most {@link #MAX_PEERS} peers, each with an {@link IdleSample} of at most
 * {@link IdleSample#CAPACITY} values and a {@link HintTally} of at most {@link HintTally#MAX_KINDS} kinds (a few
 * hundred KiB in the worst case); a further peer's failures are counted but not diagnosed ("n/a"). Thread-safe by
 * one monitor: the reporter thread records, the exit hook reads; neither is a failing application thread.
 */
public final class PeerDiagnoses {

    static final int MAX_PEERS = 256;

    private final Map<String, Peer> peers = new HashMap<>();

    /** One peer's sample and tally. */
    private static final class Peer {
        final IdleSample idle = new IdleSample();
        final HintTally hints = new HintTally();
        long recorded;
    }

    /** What the summary prints for one peer, copied out under the monitor. */
    public static final class Diagnosis {
        /** Failures of this peer that were recorded (reported one by one). */
        final long recorded;
        /** Of those, how many had a known idle time. */
        final long knownIdle;
        /** Median idle in nanoseconds, or -1. */
        final long medianIdle;
        final String hint;
        final long hintCount;
        final boolean hintVaried;

        Diagnosis(long recorded, long knownIdle, long medianIdle, String hint, long hintCount, boolean hintVaried) {
            this.recorded = recorded;
            this.knownIdle = knownIdle;
            this.medianIdle = medianIdle;
            this.hint = hint;
            this.hintCount = hintCount;
            this.hintVaried = hintVaried;
        }

        static final Diagnosis NONE = new Diagnosis(0, 0, -1, null, 0, false);
    }

    /**
     * Records one failure of {@code peer} (a {@link PeerLabel}): its idle before failure in nanoseconds (negative if
     * unknown) and its hint (or null).
     */
    public synchronized void record(String peer, long idleNanos, String hint) {
        Peer p = peers.get(peer);
        if (p == null) {
            if (peers.size() >= MAX_PEERS) {
                return;
            }
            p = new Peer();
            peers.put(peer, p);
        }
        p.recorded++;
        if (idleNanos >= 0) {
            p.idle.add(idleNanos);
        }
        if (hint != null) {
            p.hints.add(hint);
        }
    }

    /** What is known about {@code peer}; {@link Diagnosis#NONE} if nothing was recorded. */
    public synchronized Diagnosis of(String peer) {
        Peer p = peers.get(peer);
        if (p == null) {
            return Diagnosis.NONE;
        }
        HintTally.Kind top = p.hints.top();
        return new Diagnosis(p.recorded, p.idle.seen(), p.idle.median(), top == null ? null : top.example,
                top == null ? 0 : top.count, top != null && top.varied);
    }
}
