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

    /**
     * The per-read/write facts: bytes, times, turns, end-of-stream. All their times are CoarseClock's:
     * System.nanoTime() values up to 100 ms old.
     */
    public Traffic traffic() {
        return traffic;
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
