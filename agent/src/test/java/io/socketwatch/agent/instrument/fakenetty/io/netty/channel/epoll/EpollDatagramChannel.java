package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll;

/** Stands for io.netty.channel.epoll.EpollDatagramChannel: UDP, not reported. */
public final class EpollDatagramChannel extends AbstractEpollChannel {
    public EpollDatagramChannel() {
        super(null);
    }
}
