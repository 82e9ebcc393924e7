package io.socketwatch.agent.ledger;

import io.socketwatch.agent.bootstrap.Traffic;
import io.socketwatch.agent.classify.Role;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the agent knows about one connection: gathered when it was opened, plus the few facts every successful read
 * and write records, in its {@link Traffic} (a bootstrap class, so that the bridge records them itself).
 */
public final class Connection {

    private final Role role;
    private final boolean internal;
    private final InetSocketAddress remote;
    private volatile InetSocketAddress local;
    private final AtomicBoolean readResetReported = new AtomicBoolean();
    private volatile boolean peerReset;

    /** What every successful read and write records; also the socket's entry in TrafficIndex. */
    private final Traffic traffic;
    /** Where the connection was opened, or null if not captured (socketwatch.connection.stack.depth 0). */
    private volatile CreationStack creationStack;

    /** A connection seen opening now ({@link CoarseClock} time). */
    Connection(Object socket, Role role, boolean internal, InetSocketAddress remote, InetSocketAddress local) {
        this(socket, role, internal, remote, local, CoarseClock.now());
    }

    /** {@code opened}: CoarseClock time when the connection was seen opening; 0 if adopted after the fact. */
    Connection(Object socket, Role role, boolean internal, InetSocketAddress remote, InetSocketAddress local,
               long opened) {
        this.role = role;
        this.internal = internal;
        this.remote = remote;
        this.local = local;
        this.traffic = new Traffic(socket, opened);
    }

    /** The per-read/write facts; all their times are CoarseClock's: System.nanoTime() values up to 100 ms old. */
    public Traffic traffic() {
        return traffic;
    }

    /** Records a successful read (see {@link Traffic#read}). */
    public void read(long n, long now) {
        traffic.read(n, now);
    }

    /** Records a successful write (see {@link Traffic#wrote}). */
    public void wrote(long n, long now) {
        traffic.wrote(n, now);
    }

    public long opened() {
        return traffic.opened();
    }

    public long lastRead() {
        return traffic.lastRead();
    }

    public long lastWrite() {
        return traffic.lastWrite();
    }

    public long bytesIn() {
        return traffic.bytesIn();
    }

    public long bytesOut() {
        return traffic.bytesOut();
    }

    /** True if the last successful operation was a write (no byte read since). */
    public boolean lastWasWrite() {
        return traffic.lastWasWrite();
    }

    public long turns() {
        return traffic.turns();
    }

    public long quietBeforeRequest() {
        return traffic.quietBeforeRequest();
    }

    public long eofAt() {
        return traffic.eofAt();
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
        return traffic.sawEndOfStream();
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
