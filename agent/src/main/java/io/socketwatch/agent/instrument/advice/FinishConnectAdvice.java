package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On exit of SocketChannel.finishConnect: a pending connect completed (true) or failed (throws).
 */
public final class FinishConnectAdvice {

    private FinishConnectAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object socket, @Advice.Return boolean connected, @Advice.Thrown Throwable thrown) {
        if (connected || thrown != null) {
            Bridge.connectEnded(socket, null, connected, thrown);
        }
    }
}
