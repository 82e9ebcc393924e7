package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On exit of SocketImpl.accept(SocketImpl): the argument is the new connection's impl, filled in by
 * the call, and is what the accepted java.net.Socket ends up holding.
 */
public final class ImplAcceptAdvice {

    private ImplAcceptAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object listener, @Advice.Argument(0) Object accepted,
                     @Advice.Thrown Throwable thrown) {
        Bridge.acceptEnded(listener, thrown == null ? accepted : null, thrown);
    }
}
