package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On exit of SocketChannel.connect, which returns false while a non-blocking connect is pending.
 */
public final class ChannelConnectAdvice {

    private ChannelConnectAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object socket, @Advice.Argument(0) Object remote, @Advice.Return boolean connected,
                     @Advice.Thrown Throwable thrown) {
        Bridge.connectEnded(socket, remote, connected, thrown);
    }
}
