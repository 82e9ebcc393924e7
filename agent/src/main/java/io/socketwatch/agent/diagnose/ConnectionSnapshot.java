package io.socketwatch.agent.diagnose;

import io.socketwatch.agent.bootstrap.Traffic;
import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.ledger.Connection;
import io.socketwatch.agent.ledger.CreationStack;
import io.socketwatch.agent.ledger.OptionsSet;

/**
 * The connection's ledger facts copied at the moment of a failure, on the failing thread (field reads only);
 * everything derived from them (durations as text, the hint, the creation frame) is worked out later on the
 * reporter thread. Times are System.nanoTime() values, 0 where unknown.
 */
public final class ConnectionSnapshot {

    private final long failedAt;
    private final long opened;
    private final long lastRead;
    private final long lastWrite;
    private final long bytesIn;
    private final long bytesOut;
    private final long turns;
    private final boolean lastWasWrite;
    private final long quietBeforeRequest;
    private final long eofAt;
    private final boolean endOfStream;
    private final int soTimeoutMillis;
    private final Boolean keepAlive;
    private final boolean lingerZero;
    private final CreationStack creationStack;
    // Worked out on the reporter thread (prepare), read by the outputs on the same thread.
    private String hint;
    private StackTraceElement[] creationFrames;
    private StackTraceElement createdAt;

    private ConnectionSnapshot(Connection c, OptionsSet options, long now) {
        failedAt = now;
        Traffic traffic = c.traffic();
        opened = traffic.opened();
        lastRead = traffic.lastRead();
        lastWrite = traffic.lastWrite();
        bytesIn = traffic.bytesIn();
        bytesOut = traffic.bytesOut();
        turns = traffic.turns();
        lastWasWrite = traffic.lastWasWrite();
        quietBeforeRequest = traffic.quietBeforeRequest();
        eofAt = traffic.eofAt();
        endOfStream = traffic.sawEndOfStream();
        soTimeoutMillis = options == null ? -1 : options.soTimeoutMillis();
        keepAlive = options == null ? null : options.keepAlive();
        lingerZero = options != null && options.lingerZero();
        creationStack = c.creationStack();
    }

    /** The facts of {@code connection} now; {@code options} as set by the application, or null. */
    public static ConnectionSnapshot of(Connection connection, OptionsSet options) {
        return new ConnectionSnapshot(connection, options, System.nanoTime());
    }

    /** Nanoseconds since the connection opened, or -1 if it was adopted (opened before the agent saw it). */
    public long age() {
        return opened == 0 ? FailureFacts.UNKNOWN : failedAt - opened;
    }

    public long sinceLastRead() {
        return lastRead == 0 ? FailureFacts.UNKNOWN : failedAt - lastRead;
    }

    public long sinceLastWrite() {
        return lastWrite == 0 ? FailureFacts.UNKNOWN : failedAt - lastWrite;
    }

    /** Since the last successful read or write, else since the open; -1 if nothing is known. */
    public long idle() {
        long last = Math.max(lastRead, lastWrite);
        if (last == 0) {
            last = opened;
        }
        return last == 0 ? FailureFacts.UNKNOWN : failedAt - last;
    }

    /** See {@link FailureFacts#idleBeforeFailure()}: what the idle histogram records. */
    public long idleBeforeFailure() {
        return facts(ErrorType.OTHER, Operation.READ, Role.UNKNOWN, null, 0).idleBeforeFailure();
    }

    /** The quiet time before the last request (the first write after a read), or -1. */
    public long quietBeforeRequest() {
        return quietBeforeRequest;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Exchanges completed before the failing one (see Connection's turns). */
    public long exchanges() {
        return turns / 2;
    }

    public boolean peerClosedFirst() {
        return endOfStream;
    }

    public int soTimeoutMillis() {
        return soTimeoutMillis;
    }

    public Boolean keepAlive() {
        return keepAlive;
    }

    public boolean lingerZero() {
        return lingerZero;
    }

    /** The facts the hint rules take. */
    public FailureFacts facts(ErrorType type, Operation operation, Role role, ResetCause cause, int unread) {
        FailureFacts.Builder b = FailureFacts.of(type, operation, role)
                .age(age()).sinceLastRead(sinceLastRead()).sinceLastWrite(sinceLastWrite())
                .quietBeforeRequest(quietBeforeRequest).turns(turns).lastWasWrite(lastWasWrite);
        if (endOfStream) {
            b.eofSeen(failedAt - eofAt);
        }
        if (cause != null) {
            b.resetSent(cause, unread);
        }
        return b.build();
    }

    /**
     * On the reporter thread: works out the hint and the creation frames. {@code applicationFrame} picks the
     * first application frame of a stack (the reporter's StackFrames).
     */
    public void prepare(ErrorType type, Operation operation, Role role, ResetCause cause, int unread,
                        java.util.function.Function<StackTraceElement[], StackTraceElement> applicationFrame) {
        hint = Hints.hint(facts(type, operation, role, cause, unread));
        if (creationStack != null) {
            CreationStack stack = creationStack;
            creationFrames = creationFrames(stack.site().getStackTrace(), stack.depth());
            createdAt = creationFrames.length == 0 ? null : applicationFrame.apply(creationFrames);
        }
    }

    /**
     * The frames from the first one outside the agent's handler and the JDK's socket classes (the caller of
     * Socket.connect, ServerSocket.accept, SocketChannel.open...), at most {@code depth} of them.
     */
    static StackTraceElement[] creationFrames(StackTraceElement[] stack, int depth) {
        int from = 0;
        while (from < stack.length && socketInternal(stack[from].getClassName())) {
            from++;
        }
        return java.util.Arrays.copyOfRange(stack, from, Math.min(stack.length, from + depth));
    }

    private static boolean socketInternal(String name) {
        return name.equals("io.socketwatch.agent.event.SocketEventHandler")
                || name.equals("io.socketwatch.agent.bootstrap.Bridge") || name.startsWith("sun.nio.ch.")
                || name.startsWith("java.net.") || name.startsWith("java.nio.");
    }

    /** The hint, once prepared; null when no pattern matched. */
    public String hint() {
        return hint;
    }

    /** The first application frame where the connection was opened, once prepared; null if not captured. */
    public StackTraceElement createdAt() {
        return createdAt;
    }

    /** The captured creation stack, once prepared; null if not captured. */
    public StackTraceElement[] creationFrames() {
        return creationFrames;
    }
}
