package io.socketwatch.agent.instrument.advice;

import io.socketwatch.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * On exit of a connect that returns only once connected, or throws: SocketImpl.connect and the socket
 * adaptor's SocketChannelImpl.blockingConnect.
 */
public final class ConnectAdvice {

    private ConnectAdvice() {
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object socket, @Advice.Argument(0) Object remote, @Advice.Thrown Throwable thrown) {
        Bridge.connectEnded(socket, remote, thrown == null, thrown);
    }
}
