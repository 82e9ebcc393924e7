package io.socketwatch.agent.instrument.fakenetty.io.netty.handler.ssl;

import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.ChannelHandlerContext;
import javax.net.ssl.SSLEngine;

/** The shape of io.netty.handler.ssl.SslHandler that the hook relies on: its engine field and handlerAdded. */
public class SslHandler {
    private final SSLEngine engine;
    private volatile ChannelHandlerContext ctx;
    public int added;

    public SslHandler(SSLEngine engine) {
        this.engine = engine;
    }

    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        if (ctx == null) {
            throw new IllegalStateException("no context"); // the hook ran before, the caller gets this unchanged
        }
        added++;
    }
}
