package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On exit of ServerSocketChannelImpl.accept / blockingAccept: the new channel, or null when
 * non-blocking and no connection is pending.
 */
public final class ChannelAcceptAdvice {

    private ChannelAcceptAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object listener, @Advice.Return Object accepted, @Advice.Thrown Throwable thrown) {
        if (accepted != null || thrown != null) {
            Bridge.acceptEnded(listener, accepted, thrown);
        }
    }
}
