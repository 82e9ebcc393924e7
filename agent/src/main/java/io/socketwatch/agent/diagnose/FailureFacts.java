package io.socketwatch.agent.diagnose;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;

/**
 * What is known about one failure and the connection it happened on, at the moment it failed: the input of
 * {@link Hints}. Durations are in nanoseconds; {@link #UNKNOWN} (-1) where the fact was not recorded (a connection
 * the agent did not see open, a read that never happened).
 */
public final class FailureFacts {

    public static final long UNKNOWN = -1;

    final ErrorType type;
    final Operation operation;
    final Role role;
    final long age;
    final long sinceLastRead;
    final long sinceLastWrite;
    final long quietBeforeRequest;
    final long turns;
    final Boolean lastWasWrite;
    final boolean eofSeen;
    final long sinceEof;
    final ResetCause resetCause;
    final int unreadBytes;

    private FailureFacts(Builder b) {
        type = b.type;
        operation = b.operation;
        role = b.role;
        age = b.age;
        sinceLastRead = b.sinceLastRead;
        sinceLastWrite = b.sinceLastWrite;
        quietBeforeRequest = b.quietBeforeRequest;
        turns = b.turns;
        lastWasWrite = b.lastWasWrite;
        eofSeen = b.eofSeen;
        sinceEof = b.sinceEof;
        resetCause = b.resetCause;
        unreadBytes = b.unreadBytes;
    }

    public static Builder of(ErrorType type, Operation operation, Role role) {
        return new Builder(type, operation, role);
    }

    /**
     * Quiet time since the last successful read or write, or since the connection opened if neither happened;
     * UNKNOWN if the connection's history is unknown.
     */
    public long sinceLastActivity() {
        long last = min(sinceLastRead, sinceLastWrite);
        return last != UNKNOWN ? last : age;
    }

    /**
     * The quiet period the failure came out of: the time since the last successful operation; or, when that is
     * shorter than {@link Hints#ANSWER_WINDOW} and was a write that ended a quiet period, that quiet period (the
     * failure answered a request sent after it: a dropped flow woken by its next packet). UNKNOWN if the connection
     * was busy right before the failure, or its history is unknown.
     */
    public long idleBeforeFailure() {
        long idle = sinceLastActivity();
        if (idle == UNKNOWN || idle >= Hints.ANSWER_WINDOW) {
            return idle;
        }
        return lastWasWrite() ? quietBeforeRequest : UNKNOWN;
    }

    /**
     * True if the last successful operation was a write (a request sent, no byte read since): as recorded, else
     * from the times.
     */
    boolean lastWasWrite() {
        if (lastWasWrite != null) {
            return lastWasWrite;
        }
        return sinceLastWrite != UNKNOWN && (sinceLastRead == UNKNOWN || sinceLastWrite < sinceLastRead);
    }

    /**
     * Exchanges the connection served before this one, from its direction changes (see Connection): a connection
     * that turned from reading to writing and back at least once has carried more than one request.
     */
    long earlierExchanges() {
        return turns / 2;
    }

    private static long min(long a, long b) {
        if (a == UNKNOWN) {
            return b;
        }
        return b == UNKNOWN ? a : Math.min(a, b);
    }

    /** Facts are filled in as far as they are known; everything else stays UNKNOWN / false / 0. */
    public static final class Builder {
        private final ErrorType type;
        private final Operation operation;
        private final Role role;
        private long age = UNKNOWN;
        private long sinceLastRead = UNKNOWN;
        private long sinceLastWrite = UNKNOWN;
        private long quietBeforeRequest = UNKNOWN;
        private long turns;
        private Boolean lastWasWrite;
        private boolean eofSeen;
        private long sinceEof = UNKNOWN;
        private ResetCause resetCause;
        private int unreadBytes;

        private Builder(ErrorType type, Operation operation, Role role) {
            this.type = type;
            this.operation = operation;
            this.role = role;
        }

        public Builder age(long nanos) {
            age = nanos;
            return this;
        }

        public Builder sinceLastRead(long nanos) {
            sinceLastRead = nanos;
            return this;
        }

        public Builder sinceLastWrite(long nanos) {
            sinceLastWrite = nanos;
            return this;
        }

        /** Quiet time that ended with the first write after a read (or after the open): the idle before a request. */
        public Builder quietBeforeRequest(long nanos) {
            quietBeforeRequest = nanos;
            return this;
        }

        /** Direction changes (read to write, write to read) the connection made. */
        public Builder turns(long count) {
            turns = count;
            return this;
        }

        /** Whether the last successful operation was a write (else worked out from the times). */
        public Builder lastWasWrite(boolean write) {
            lastWasWrite = write;
            return this;
        }

        /** The peer's EOF was read {@code nanosAgo} before the failure. */
        public Builder eofSeen(long nanosAgo) {
            eofSeen = true;
            sinceEof = nanosAgo;
            return this;
        }

        public Builder resetSent(ResetCause cause, int unread) {
            resetCause = cause;
            unreadBytes = unread;
            return this;
        }

        public FailureFacts build() {
            return new FailureFacts(this);
        }
    }
}
