package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * JDK 11 java.net.SocketOutputStream: every write funnels into socketWrite(byte[],int,int); the socket
 * is its {@code impl} field.
 */
public final class StreamWriteAdvice {

    private StreamWriteAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue("impl") Object socket, @Advice.Thrown Throwable thrown) {
        if (thrown != null) {
            Bridge.operationFailed(Bridge.WRITE, socket, thrown);
        }
    }
}
