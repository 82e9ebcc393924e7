package io.socketwatch.agent.instrument.fakenetty.io.netty.channel;

/** The shape of io.netty.channel.AbstractChannel's constructors: what the CREATED hook is woven into. */
public abstract class AbstractChannel implements Channel {
    private final Channel parent;

    protected AbstractChannel(Channel parent) {
        this.parent = parent;
    }

    @Override
    public Channel parent() {
        return parent;
    }
}
