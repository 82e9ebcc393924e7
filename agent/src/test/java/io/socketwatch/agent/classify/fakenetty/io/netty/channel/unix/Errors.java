package io.socketwatch.agent.classify.fakenetty.io.netty.channel.unix;

import java.io.IOException;
import java.net.ConnectException;

/**
 * Stands for a relocated copy of io.netty.channel.unix.Errors (whose real static initialiser needs Netty's JNI
 * library): the same nested exception shapes, a NEGATIVE errno behind expectedErr(), public for NativeIoException and
 * package-private for NativeConnectException, as in Netty 4.1/4.2.
 */
public final class Errors {

    private Errors() {
    }

    public static IOException nativeIo(String message, int negativeErrno) {
        return new NativeIoException(message, negativeErrno);
    }

    public static ConnectException nativeConnect(String message, int negativeErrno) {
        return new NativeConnectException(message, negativeErrno);
    }

    public static final class NativeIoException extends IOException {
        private final int expectedErr;

        public NativeIoException(String message, int expectedErr) {
            super(message);
            this.expectedErr = expectedErr;
        }

        public int expectedErr() {
            return expectedErr;
        }
    }

    static final class NativeConnectException extends ConnectException {
        private final int expectedErr;

        NativeConnectException(String message, int expectedErr) {
            super(message);
            this.expectedErr = expectedErr;
        }

        int expectedErr() {
            return expectedErr;
        }
    }
}
