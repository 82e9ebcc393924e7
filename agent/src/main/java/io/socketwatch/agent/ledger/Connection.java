package io.socketwatch.agent.ledger;

import io.socketwatch.agent.classify.Role;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/** What the agent knows about one connection, gathered when it was opened (never on a healthy read or write). */
public final class Connection {

    private final Role role;
    private final boolean internal;
    private final InetSocketAddress remote;
    private volatile InetSocketAddress local;
    private final AtomicBoolean readResetReported = new AtomicBoolean();
    private final AtomicBoolean closeSeen = new AtomicBoolean();
    private volatile boolean peerReset;

    Connection(Role role, boolean internal, InetSocketAddress remote, InetSocketAddress local) {
        this.role = role;
        this.internal = internal;
        this.remote = remote;
        this.local = local;
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

    public InetSocketAddress local() {
        return local;
    }

    void local(InetSocketAddress local) {
        this.local = local;
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

    /** True the first time only: NioSocketImpl.close() may run again (Socket.close, then stream close). */
    public boolean firstClose() {
        return closeSeen.compareAndSet(false, true);
    }

    public boolean closed() {
        return closeSeen.get();
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
