package io.socketwatch.agent.instrument.fakenetty.io.netty.channel;

/** Stands for io.netty.channel.Channel in a relocated copy of Netty (see NettyWeaverTest). */
public interface Channel {
    Channel parent();

    java.net.SocketAddress remoteAddress();

    java.net.SocketAddress localAddress();
}
