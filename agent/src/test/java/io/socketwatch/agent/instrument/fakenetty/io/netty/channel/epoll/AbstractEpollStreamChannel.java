package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll;

import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.Channel;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.ChannelOutboundBuffer;

/** The shape of io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite. */
public class AbstractEpollStreamChannel extends AbstractEpollChannel {
    public int writes;

    public AbstractEpollStreamChannel(Channel parent) {
        super(parent);
    }

    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        writes++;
        if (toThrow != null) {
            throw toThrow;
        }
    }

    public void flush() throws Exception {
        doWrite(new ChannelOutboundBuffer());
    }
}
