package io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll;

import io.socketwatch.agent.instrument.fakenetty.io.netty.buffer.ByteBuf;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.AbstractChannel;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.Channel;
import java.net.SocketAddress;

/** The shapes of io.netty.channel.epoll.AbstractEpollChannel's hooked methods; each throws {@link #toThrow}. */
public abstract class AbstractEpollChannel extends AbstractChannel {
    public Exception toThrow;

    protected AbstractEpollChannel(Channel parent) {
        super(parent);
    }

    public final int doReadBytes(ByteBuf buf) throws Exception {
        if (toThrow != null) {
            throw toThrow;
        }
        return 7;
    }

    public boolean doConnect(SocketAddress remote, SocketAddress local) throws Exception {
        try {
            if (toThrow != null) {
                throw toThrow;
            }
        } catch (IllegalStateException handledHere) {
            return false; // the method's own handler runs before the hook's
        }
        return true;
    }

    public AbstractEpollUnsafe unsafe() {
        return new AbstractEpollUnsafe();
    }

    /** The inner class whose private doFinishConnect reaches the channel through this$0. */
    public class AbstractEpollUnsafe {
        private boolean doFinishConnect() throws Exception {
            if (toThrow != null) {
                throw toThrow;
            }
            return true;
        }

        public boolean finishConnect() throws Exception {
            return doFinishConnect();
        }
    }
}
