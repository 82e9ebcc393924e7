package io.socketwatch.agent.instrument.fakenetty.io.netty.channel;

/** Stands for io.netty.channel.ChannelOutboundBuffer. */
public final class ChannelOutboundBuffer {
}
