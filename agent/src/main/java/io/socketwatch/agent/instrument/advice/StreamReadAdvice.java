package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * JDK 11 java.net.SocketInputStream: every read funnels into read(byte[],int,int,int); the socket is
 * its {@code impl} field.
 */
public final class StreamReadAdvice {

    private StreamReadAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue("impl") Object socket, @Advice.Thrown Throwable thrown) {
        if (thrown != null) {
            Bridge.operationFailed(Bridge.READ, socket, thrown);
        }
    }
}
