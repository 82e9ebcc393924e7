package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.nio;

import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.AbstractChannel;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.Channel;
import java.nio.channels.SelectableChannel;

/** The shape of io.netty.channel.nio.AbstractNioChannel's constructor (Netty 4.1: an int of interest ops). */
public class AbstractNioChannel extends AbstractChannel {
    public final SelectableChannel ch;

    public AbstractNioChannel(Channel parent, SelectableChannel ch, int readInterestOp) {
        super(parent);
        this.ch = ch;
        if (readInterestOp < 0) {
            return; // a second return: each gets the hook
        }
    }
}
