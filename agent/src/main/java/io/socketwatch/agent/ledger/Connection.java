package io.socketwatch.agent.ledger;

import io.socketwatch.agent.classify.Role;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the agent knows about one connection: gathered when it was opened, plus the few facts every successful read
 * and write records ({@link #read}, {@link #wrote}).
 *
 * <p>The per-read and per-write facts are plain fields, written without synchronisation by the thread doing the I/O
 * and read by whichever thread reports a failure: a report may see a value a few microseconds stale, which no
 * diagnosis here can tell apart (they resolve seconds). The JDK lets one thread read and one write at a time
 * (NioSocketImpl and SocketChannelImpl hold readLock / writeLock), so each counter has one writer at a time; a
 * read and a write running at once may both update {@link #turns}, and a lost increment there is harmless.
 * Longs are written whole on the 64-bit JVMs this agent runs on.
 */
public final class Connection {

    private final Role role;
    private final boolean internal;
    private final InetSocketAddress remote;
    private volatile InetSocketAddress local;
    private final AtomicBoolean readResetReported = new AtomicBoolean();
    private volatile boolean peerReset;

    /**
     * {@link CoarseClock} time when the connection was seen opening; 0 if adopted after the fact (late attach). All
     * times here are CoarseClock's: System.nanoTime() values up to 100 ms old.
     */
    private final long opened;
    /** System.nanoTime() of the last read that returned data / the last write that returned; 0: none yet. */
    private long lastRead;
    private long lastWrite;
    private long bytesIn;
    private long bytesOut;
    /**
     * Direction changes: a read with data after a write, or a write after a read. A request/response protocol turns
     * twice per exchange, whichever side opened it (client: write, read, write, read; server: read, write, read), so
     * turns / 2 is the number of exchanges completed before the current one: the reuse indicator.
     */
    private long turns;
    /**
     * The direction of the last successful operation ({@link #READ}, {@link #WROTE}, 0 before any). Kept apart from
     * the times, which are coarse: a read and a write in the same clock tick have the same time stamp.
     */
    private byte direction;
    private static final byte READ = 1;
    private static final byte WROTE = 2;
    /** Quiet time before the last write that followed a read (or the open): the idle before the last request. */
    private long quietBeforeRequest = -1;
    /** Coarse-clock time when a read first returned end-of-stream; meaningful once {@link #endOfStream} is set. */
    private long eofAt;
    private boolean endOfStream;
    /** Where the connection was opened, or null if not captured (socketwatch.connection.stack.depth 0). */
    private volatile CreationStack creationStack;

    Connection(Role role, boolean internal, InetSocketAddress remote, InetSocketAddress local) {
        this(role, internal, remote, local, CoarseClock.now());
    }

    Connection(Role role, boolean internal, InetSocketAddress remote, InetSocketAddress local, long opened) {
        this.role = role;
        this.internal = internal;
        this.remote = remote;
        this.local = local;
        this.opened = opened;
    }

    /**
     * A read returned {@code n}: bytes (n > 0), end-of-stream (n < 0), or nothing available (0, a non-blocking
     * read; not activity). Called on every successful read: field writes only.
     */
    public void read(long n, long now) {
        if (n > 0) {
            if (direction == WROTE) {
                turns++;
            }
            direction = READ;
            lastRead = now;
            bytesIn += n;
        } else if (n < 0 && !endOfStream) {
            endOfStream = true;
            eofAt = now;
        }
    }

    /** A write returned having written {@code n} bytes (0: a non-blocking write that could not write). */
    public void wrote(long n, long now) {
        if (n > 0) {
            if (direction != WROTE) {
                // The first write of a new request (or the very first write): remember the quiet before it.
                if (direction == READ) {
                    turns++;
                }
                long since = direction == READ ? lastRead : opened;
                quietBeforeRequest = since == 0 ? -1 : Math.max(0, now - since);
                direction = WROTE;
            }
            lastWrite = now;
            bytesOut += n;
        }
    }

    public long opened() {
        return opened;
    }

    public long lastRead() {
        return lastRead;
    }

    public long lastWrite() {
        return lastWrite;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** True if the last successful operation was a write (no byte read since). */
    public boolean lastWasWrite() {
        return direction == WROTE;
    }

    public long turns() {
        return turns;
    }

    public long quietBeforeRequest() {
        return quietBeforeRequest;
    }

    public long eofAt() {
        return eofAt;
    }

    /**
     * True once a read returned end-of-stream. Closing the connection then cannot reset the peer for unread data,
     * so the close needs no FIONREAD probe (an ioctl per close, much of the agent's cost on connection churn): a
     * read returns -1 only when the receive queue is empty and the peer's FIN was consumed, and TCP carries no data
     * after a FIN (RFC 9293: segment text arriving in CLOSE-WAIT is ignored). The other way a read returns -1 is a
     * local shutdownInput, after which the JDK's own available() answers 0 anyway (NioSocketImpl and, from JDK 13,
     * SocketChannelImpl check isInputClosed before asking the kernel).
     */
    public boolean sawEndOfStream() {
        return endOfStream;
    }

    public void creationStack(CreationStack stack) {
        creationStack = stack;
    }

    /** Where the connection was opened, or null. */
    public CreationStack creationStack() {
        return creationStack;
    }

    public Role role() {
        return role;
    }

    /** A connection of the agent's own exporter: never reported. */
    public boolean internal() {
        return internal;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** The local endpoint if already known; see {@link #local(Object)}. */
    public InetSocketAddress local() {
        return local;
    }

    /**
     * The local endpoint, asked of the kernel (getsockname) the first time a report needs it rather than at every
     * connect and accept: healthy connections never pay for it. {@code socket} must still be open to answer.
     */
    public InetSocketAddress local(Object socket) {
        InetSocketAddress known = local;
        if (known == null) {
            known = SocketProbe.local(socket);
            local = known;
        }
        return known;
    }

    /**
     * Records the first reset seen by a read. The JDK remembers a read reset and throws a new
     * SocketException("Connection reset") on every later read without a system call (NioSocketImpl and
     * SocketChannelImpl keep a connectionReset flag; JDK 11's PlainSocketImpl its reset state): those are not new
     * resets. Returns false if one was already reported.
     */
    public boolean firstReadReset() {
        return readResetReported.compareAndSet(false, true);
    }

    /**
     * Records that the peer reset this connection. Closing it afterwards sends nothing (the kernel already moved it
     * to CLOSED), so unread bytes found at close are no longer a reset this process causes.
     */
    public void peerReset() {
        peerReset = true;
    }

    public boolean wasReset() {
        return peerReset;
    }
}
