package io.socketwatch.agent.instrument.fakenetty.io.netty.channel;

/** Stands for io.netty.channel.ChannelHandlerContext: the channel a handler is in. */
public interface ChannelHandlerContext {
    Channel channel();
}
