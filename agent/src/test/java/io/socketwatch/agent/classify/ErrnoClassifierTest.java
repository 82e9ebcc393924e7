package io.socketwatch.agent.classify;

import static io.socketwatch.agent.classify.ErrorType.*;
import static io.socketwatch.agent.classify.Operation.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.socketwatch.agent.classify.fakenetty.io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Classification by the errno Netty's native transports carry: Linux errno values, what each operation makes of
 * them, and that the number wins over the message (which follows the locale and changed in Netty 4.1.128).
 */
class ErrnoClassifierTest {

    static Stream<Arguments> errnoTable() {
        return Stream.of(
                Arguments.of("ECONNRESET on read", READ, 104, CONNECTION_RESET),
                Arguments.of("ECONNRESET on write", WRITE, 104, CONNECTION_RESET),
                Arguments.of("ECONNRESET on connect", CONNECT, 104, CONNECTION_RESET),
                Arguments.of("EPIPE on write", WRITE, 32, BROKEN_PIPE),
                Arguments.of("ECONNREFUSED on connect", CONNECT, 111, CONNECTION_REFUSED),
                Arguments.of("ECONNABORTED on read", READ, 103, CONNECTION_ABORTED),
                Arguments.of("ECONNABORTED on accept", ACCEPT, 103, CONNECTION_ABORTED),
                Arguments.of("ETIMEDOUT on read (retransmissions, keepalive)", READ, 110, TIMED_OUT),
                Arguments.of("ETIMEDOUT on connect (unanswered SYNs)", CONNECT, 110, TIMED_OUT),
                Arguments.of("EHOSTUNREACH", CONNECT, 113, HOST_UNREACHABLE),
                Arguments.of("ENETUNREACH", CONNECT, 101, NETWORK_UNREACHABLE),
                Arguments.of("ENETDOWN", WRITE, 100, NETWORK_UNREACHABLE),
                Arguments.of("EBADF on read: descriptor already closed", READ, 9, SOCKET_CLOSED),
                Arguments.of("ENOTCONN on write", WRITE, 107, SOCKET_CLOSED),
                Arguments.of("ENOTCONN on connect is not a use after close", CONNECT, 107, OTHER),
                Arguments.of("ESHUTDOWN on write", WRITE, 108, SOCKET_CLOSED),
                Arguments.of("EMFILE is not a network failure we name", ACCEPT, 24, OTHER),
                Arguments.of("an errno beyond the table", READ, 1000, OTHER),
                Arguments.of("Netty's negative form, -ECONNRESET", READ, -104, CONNECTION_RESET),
                Arguments.of("Netty's negative form, -EPIPE", WRITE, -32, BROKEN_PIPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errnoTable")
    void classifiesByErrno(String what, Operation operation, int errno, ErrorType expected) {
        assertEquals(expected, ErrnoClassifier.classify(operation, errno), what);
    }

    static Stream<Arguments> nettyFailures() {
        return Stream.of(
                // Netty <= 4.1.127 message, English
                Arguments.of("read reset, old message", READ,
                        Errors.nativeIo("recvAddress(..) failed: Connection reset by peer", -104), CONNECTION_RESET),
                // Netty >= 4.1.128 / 4.2.7 message
                Arguments.of("read reset, new message", READ,
                        Errors.nativeIo("recvAddress(..) failed with error(-104): Connection reset by peer", -104),
                        CONNECTION_RESET),
                // strerror follows LC_MESSAGES: a German process says "Verbindung vom Kommunikationspartner
                // zurückgesetzt"; the message-based classifier would say other
                Arguments.of("read reset, German locale", READ, Errors.nativeIo(
                        "recvAddress(..) failed: Verbindung vom Kommunikationspartner zurückgesetzt", -104),
                        CONNECTION_RESET),
                Arguments.of("write EPIPE, French locale", WRITE,
                        Errors.nativeIo("writevAddresses(..) failed: Relais brisé (pipe)", -32), BROKEN_PIPE),
                Arguments.of("the errno wins over a message that says otherwise", WRITE,
                        Errors.nativeIo("sendAddress(..) failed: Broken pipe", -104), CONNECTION_RESET),
                Arguments.of("package-private NativeConnectException", CONNECT,
                        Errors.nativeConnect("connect(..) failed: Connection refused", -111), CONNECTION_REFUSED),
                Arguments.of("NativeConnectException, ETIMEDOUT", CONNECT,
                        Errors.nativeConnect("connect(..) failed: Connection timed out", -110), TIMED_OUT),
                Arguments.of("the errno of a cause (Netty's AnnotatedConnectException wraps it)", CONNECT,
                        new ConnectException("finishConnect(..) failed: /127.0.0.1:1").initCause(
                                Errors.nativeConnect("finishConnect(..) failed: Connection refused", -111)),
                        CONNECTION_REFUSED),
                // Netty 4.1.128+/4.2.7+ write the errno into the message of the plain ConnectException
                Arguments.of("ConnectException with error(-111) in a German message", CONNECT,
                        new ConnectException("finishConnect(..) failed with error(-111): Verbindungsaufbau abgelehnt"),
                        CONNECTION_REFUSED),
                Arguments.of("ConnectException with error(-110): the kernel gave up, not refused", CONNECT,
                        new ConnectException("connect(..) failed with error(-110): Connection timed out"), TIMED_OUT),
                Arguments.of("ConnectException with error(-113)", CONNECT,
                        new ConnectException("finishConnect(..) failed with error(-113): Keine Route zum Zielrechner"),
                        HOST_UNREACHABLE),
                Arguments.of("a JDK message that merely looks alike is not Netty's", READ,
                        new IOException("failed with error(-104)"), OTHER),
                // No errno: Netty's plain ConnectException (4.1) and exceptions made from errno without one
                Arguments.of("plain ConnectException without errno", CONNECT,
                        new ConnectException("finishConnect(..) failed: Connection refused"), CONNECTION_REFUSED),
                Arguments.of("NoRouteToHostException without message (ENETUNREACH/EHOSTUNREACH)", CONNECT,
                        new NoRouteToHostException(), HOST_UNREACHABLE),
                Arguments.of("EBADF -> ClosedChannelException", WRITE, new ClosedChannelException(), SOCKET_CLOSED),
                Arguments.of("a JDK IOException keeps the JDK rules", WRITE, new IOException("Broken pipe"),
                        BROKEN_PIPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nettyFailures")
    void nettyFailuresAreClassifiedByTheirErrnoFirst(String what, Operation operation, Throwable failure,
                                                     ErrorType expected) {
        assertEquals(expected, NettyErrno.classify(operation, failure), what);
    }
}
