package io.socketwatch.agent.instrument.fakenetty.io.netty.channel;

/** The shape of io.netty.channel.AbstractChannel's constructors: what the CREATED hook is woven into. */
public abstract class AbstractChannel implements Channel {
    private final Channel parent;

    protected AbstractChannel(Channel parent) {
        this.parent = parent;
    }

    /** Endpoints, as Netty caches them once connected. */
    public java.net.SocketAddress remote;
    public java.net.SocketAddress local;

    @Override
    public Channel parent() {
        return parent;
    }

    @Override
    public java.net.SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public java.net.SocketAddress localAddress() {
        return local;
    }
}
