package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.socket.nio;

import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.Channel;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.nio.AbstractNioChannel;
import java.nio.channels.SocketChannel;

/** Stands for io.netty.channel.socket.nio.NioSocketChannel: a TCP channel over a JDK SocketChannel. */
public final class NioSocketChannel extends AbstractNioChannel {
    public NioSocketChannel(Channel parent, SocketChannel ch) {
        super(parent, ch, 1);
    }
}
