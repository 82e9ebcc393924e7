package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On exit of a read: reports the exception, if any. A healthy read pays one null check.
 */
public final class FailedReadAdvice {

    private FailedReadAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object socket, @Advice.Thrown Throwable thrown) {
        if (thrown != null) {
            Bridge.operationFailed(Bridge.READ, socket, thrown);
        }
    }
}
