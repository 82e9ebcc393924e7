package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll;

import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.Channel;

/** Stands for io.netty.channel.epoll.EpollSocketChannel: a TCP stream channel. */
public final class EpollSocketChannel extends AbstractEpollStreamChannel {
    public EpollSocketChannel(Channel parent) {
        super(parent);
    }
}
