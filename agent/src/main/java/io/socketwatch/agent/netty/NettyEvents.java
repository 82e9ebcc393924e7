package io.socketwatch.agent.netty;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.NettyErrno;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.event.FailureSink;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.ledger.CreationSites;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;

/**
 * What the hooks woven into Netty report: channels being created (to remember where the application created them)
 * and failures of the native epoll transport, which never reaches the JDK's socket classes.
 *
 * <p>Netty's NIO transport needs no failure hook here: it does its I/O through the JDK's SocketChannelImpl, whose
 * hooks report it; it only gets the creation site, keyed by the JDK channel it wraps.
 */
public final class NettyEvents {

    private final CreationSites sites;
    private final FailureSink sink;

    public NettyEvents(CreationSites sites, FailureSink sink) {
        this.sites = sites;
        this.sink = sink;
    }

    /**
     * A Netty channel was constructed. One the application created (no parent: a client's channel in
     * Bootstrap.connect, a server's listening channel in ServerBootstrap.bind) gets the stack of this moment, which
     * runs on the application's thread. A channel a server accepted (parent set) is created on the event loop and
     * gets nothing now: its failures use its server channel's site, looked up when they happen, so accepting costs
     * nothing here.
     */
    public void channelCreated(Object channel, Object parent) {
        if (parent == null && NettyChannels.isTcpChannel(channel) && !InternalThreads.isCurrent()) {
            sites.record(channel, new Throwable("channel created"));
        }
    }

    /** Netty's NIO transport: {@code channel} wraps the JDK channel {@code jdkChannel}, whose hooks see its I/O. */
    public void channelWraps(Object channel, Object parent, Object jdkChannel) {
        Throwable site = sites.find(parent != null ? parent : channel);
        if (site != null) {
            sites.record(jdkChannel, site);
        }
    }

    /**
     * A native-transport operation on {@code channel} is throwing {@code failure}; {@code remote} is the address
     * being connected to, when the hook has it. Classified by the errno Netty carries.
     */
    public void channelFailed(int operationCode, Object channel, Object remote, Throwable failure) {
        if (InternalThreads.isCurrent() || !NettyChannels.isStream(channel)) {
            return;
        }
        Operation operation = Operation.fromBridgeCode(operationCode);
        SocketAddress peer = remote instanceof SocketAddress ? (SocketAddress) remote : NettyChannels.remote(channel);
        if (peer != null && !(peer instanceof InetSocketAddress)) {
            return; // a Unix domain socket: not TCP
        }
        ErrorType type = NettyErrno.classify(operation, failure);
        if (type == null) {
            return;
        }
        Object parent = operation == Operation.CONNECT ? null : NettyChannels.parent(channel);
        Role role = parent != null ? Role.SERVER : Role.CLIENT;
        Throwable site = sites.find(channel);
        if (site == null && parent != null) {
            site = sites.find(parent);
        }
        sink.accept(new FailureEvent(nowNanos(), operation, type, role, (InetSocketAddress) peer,
                NettyChannels.local(channel), failure, failure, null, 0, Thread.currentThread().getName(), site,
                null, null));
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
