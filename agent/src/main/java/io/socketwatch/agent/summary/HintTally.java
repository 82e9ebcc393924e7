package io.socketwatch.agent.summary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The hints of one peer's failures, counted by kind, for the exit summary's "most frequent hint".
 *
 * <p>A hint's text carries the observed durations ("failed after 5.2 s idle"), so two failures of the same pattern
 * rarely have the same text. They are counted as one kind when their texts are equal once every observed number is
 * masked; the numbers that name a known idle timeout ("the 350 s idle timeout", "the 600 s / 610 s idle timeouts")
 * are kept, since they are what tells the patterns apart. The text shown is the first one seen, marked as an example
 * when the others differed from it. At most {@link #MAX_KINDS} kinds are kept per peer (Hints has four rules);
 * a hint of a further kind is not counted. Not thread-safe: the owner ({@link PeerDiagnoses}) serialises access.
 */
final class HintTally {

    static final int MAX_KINDS = 8;

    /**
     * A number not preceded by a digit or a dot (so that only whole numbers match), possessive so that it cannot
     * backtrack into a shorter number that escapes the look-ahead, and not followed by the words that make it a
     * known timeout's name.
     */
    private static final Pattern OBSERVED_NUMBER =
            Pattern.compile("(?<![\\d.])\\d++(?:\\.\\d++)?+(?! s idle timeout| s / )");

    /** One kind of hint: how many failures had it, the first text, and whether later texts differed from it. */
    static final class Kind {
        final String example;
        long count;
        boolean varied;

        Kind(String example) {
            this.example = example;
        }
    }

    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    static String kindOf(String hint) {
        return OBSERVED_NUMBER.matcher(hint).replaceAll("#");
    }

    void add(String hint) {
        String key = kindOf(hint);
        Kind kind = kinds.get(key);
        if (kind == null) {
            if (kinds.size() >= MAX_KINDS) {
                return;
            }
            kind = new Kind(hint);
            kinds.put(key, kind);
        } else if (!kind.varied && !kind.example.equals(hint)) {
            kind.varied = true;
        }
        kind.count++;
    }

    /** The most frequent kind (the first seen among equals), or null if no failure had a hint. */
    Kind top() {
        Kind top = null;
        for (Kind kind : kinds.values()) {
            if (top == null || kind.count > top.count) {
                top = kind;
            }
        }
        return top;
    }
}
