package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On entry to close, while the descriptor is still open: the agent checks whether this close will
 * make the kernel send RST.
 */
public final class CloseAdvice {

    private CloseAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object socket) {
        Bridge.closing(socket);
    }
}
