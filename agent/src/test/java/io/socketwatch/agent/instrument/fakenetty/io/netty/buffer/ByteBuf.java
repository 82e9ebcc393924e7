package io.socketwatch.agent.instrument.fakenetty.io.netty.buffer;

/** Stands for io.netty.buffer.ByteBuf. */
public final class ByteBuf {
}
