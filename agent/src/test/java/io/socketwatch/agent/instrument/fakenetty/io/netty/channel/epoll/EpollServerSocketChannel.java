package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll;

import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.AbstractChannel;

/** Stands for io.netty.channel.epoll.EpollServerSocketChannel: a listening channel, not a stream. */
public final class EpollServerSocketChannel extends AbstractChannel {
    public EpollServerSocketChannel() {
        super(null);
    }
}
