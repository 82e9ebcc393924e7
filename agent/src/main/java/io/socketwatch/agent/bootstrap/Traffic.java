package io.socketwatch.agent.bootstrap;

import java.lang.ref.WeakReference;

/**
 * The facts every successful read and write of one connection records (io.socketwatch.agent.ledger.Connection
 * holds the rest). Kept in the bootstrap class loader, beside the bridge, so that a woven read or write finds them
 * through {@link TrafficIndex} in a few loads instead of going through the agent's handler, its ledger and the
 * ledger's map (see {@link Bridge#readReturned(int, Object)}).
 *
 * <p>It refers to its socket weakly: it is also its own key in the index, and the agent never keeps an application's
 * socket alive.
 *
 * <p>The fields are plain, written without synchronisation by the thread doing the I/O and read by whichever thread
 * reports a failure: a report may see a value a few microseconds stale, which no diagnosis here can tell apart (they
 * resolve seconds). The JDK lets one thread read and one write at a time (NioSocketImpl and SocketChannelImpl hold
 * readLock / writeLock), so each counter has one writer at a time; a read and a write running at once may both
 * update {@link #turns}, and a lost increment there is harmless. Longs are written whole on the 64-bit JVMs this
 * agent runs on.
 */
public final class Traffic extends WeakReference<Object> {

    private static final byte READ = 1;
    private static final byte WROTE = 2;

    /** The socket's identity hash, fixed at creation: its slot in the index. */
    final int hash;
    /**
     * {@link CoarseTime} when the connection was seen opening; 0 if adopted after the fact (late attach). All times
     * here are CoarseTime's: System.nanoTime() values up to 100 ms old.
     */
    private final long opened;
    /** Time of the last read that returned data / the last write that returned; 0: none yet. */
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
    /** Quiet time before the last write that followed a read (or the open): the idle before the last request. */
    private long quietBeforeRequest = -1;
    /** Time when a read first returned end-of-stream; meaningful once {@link #endOfStream} is set. */
    private long eofAt;
    private boolean endOfStream;

    public Traffic(Object socket, long opened) {
        super(socket);
        this.hash = System.identityHashCode(socket);
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
}
