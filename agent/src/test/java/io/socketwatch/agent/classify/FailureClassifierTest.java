package io.socketwatch.agent.classify;

import static io.socketwatch.agent.classify.ErrorType.*;
import static io.socketwatch.agent.classify.Operation.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error.type with the exceptions and texts that JDK 11, 17 and 25 actually throw (see
 * ../shared/reference/jdk-socket-io.md and build-support/JDK-INTERNALS.md for where each comes from).
 */
class FailureClassifierTest {

    static Stream<Arguments> jdkFailures() {
        return Stream.of(
                // connection_reset: read resets (all JDKs, sockets and 13+ channels), write ECONNRESET, JDK 11 channels
                row("read reset, Socket 11/17/25", READ, new SocketException("Connection reset"), CONNECTION_RESET),
                row("read reset, JDK 11 channel", READ, new IOException("Connection reset by peer"), CONNECTION_RESET),
                row("write ECONNRESET, 17/25", WRITE, new SocketException("Connection reset by peer"), CONNECTION_RESET),
                row("write ECONNRESET, 11", WRITE, new SocketException("Connection reset by peer (Write failed)"),
                        CONNECTION_RESET),
                row("write ECONNRESET, channel", WRITE, new IOException("Connection reset by peer"), CONNECTION_RESET),
                row("Netty epoll read", READ, new IOException("recvAddress(..) failed: Connection reset by peer"),
                        CONNECTION_RESET),
                row("async channel reset", READ, connectionResetException(), CONNECTION_RESET),
                // broken_pipe
                row("write EPIPE, 17/25", WRITE, new SocketException("Broken pipe"), BROKEN_PIPE),
                row("write EPIPE, 11", WRITE, new SocketException("Broken pipe (Write failed)"), BROKEN_PIPE),
                row("write EPIPE, channel", WRITE, new IOException("Broken pipe"), BROKEN_PIPE),
                // connection_refused
                row("refused, 17/25", CONNECT, new ConnectException("Connection refused"), CONNECTION_REFUSED),
                row("refused, 11", CONNECT, new ConnectException("Connection refused (Connection refused)"),
                        CONNECTION_REFUSED),
                row("refused, 21+ decorated", CONNECT, new ConnectException("Connection refused (connect failed)"),
                        CONNECTION_REFUSED),
                row("refused, localized strerror", CONNECT, new ConnectException("Verbindungsaufbau abgelehnt"),
                        CONNECTION_REFUSED),
                // connection_aborted
                row("ECONNABORTED", READ, new SocketException("Software caused connection abort"), CONNECTION_ABORTED),
                row("ECONNABORTED, 11", READ, new SocketException("Software caused connection abort (Read failed)"),
                        CONNECTION_ABORTED),
                // timed_out: the kernel gave up
                row("connect ETIMEDOUT", CONNECT, new ConnectException("Connection timed out"), TIMED_OUT),
                row("connect ETIMEDOUT, 11", CONNECT, new ConnectException("Connection timed out (Connection timed out)"),
                        TIMED_OUT),
                row("read ETIMEDOUT (keepalive)", READ, new SocketException("Connection timed out"), TIMED_OUT),
                row("read ETIMEDOUT, 11", READ, new SocketException("Connection timed out (Read failed)"), TIMED_OUT),
                // connect_timeout / read_timeout
                row("connect timeout, 17/25", CONNECT, new SocketTimeoutException("Connect timed out"), CONNECT_TIMEOUT),
                row("connect timeout, 11", CONNECT, new SocketTimeoutException("connect timed out"), CONNECT_TIMEOUT),
                row("read timeout", READ, new SocketTimeoutException("Read timed out"), READ_TIMEOUT),
                row("read timeout, no text", READ, new SocketTimeoutException(), READ_TIMEOUT),
                // AsynchronousSocketChannel read/write with a timeout: the same exception for both operations
                row("async read timeout", READ, new InterruptedByTimeoutException(), READ_TIMEOUT),
                row("async write timeout", WRITE, new InterruptedByTimeoutException(), WRITE_TIMEOUT),
                // async read reset: UnixAsynchronousSocketChannelImpl turns ConnectionResetException into this
                row("async read reset, 11/17/25", READ, new IOException("Connection reset"), CONNECTION_RESET),
                // too_many_open_files: accept could not get a descriptor (EMFILE, ENFILE)
                row("accept EMFILE, ServerSocket 17/25", ACCEPT, new SocketException("Too many open files"),
                        TOO_MANY_OPEN_FILES),
                row("accept EMFILE, ServerSocket 11", ACCEPT,
                        new SocketException("Too many open files (Accept failed)"), TOO_MANY_OPEN_FILES),
                row("accept EMFILE, channels", ACCEPT, new IOException("Too many open files"), TOO_MANY_OPEN_FILES),
                row("accept ENFILE", ACCEPT, new IOException("Too many open files in system"), TOO_MANY_OPEN_FILES),
                // unreachable
                row("EHOSTUNREACH", CONNECT, new NoRouteToHostException("No route to host"), HOST_UNREACHABLE),
                row("EHOSTUNREACH, Netty (no text)", CONNECT, new NoRouteToHostException(), HOST_UNREACHABLE),
                row("EHOSTUNREACH on write", WRITE, new SocketException("No route to host"), HOST_UNREACHABLE),
                row("ENETUNREACH", CONNECT, new SocketException("Network is unreachable"), NETWORK_UNREACHABLE),
                row("ENETUNREACH, 11", CONNECT, new SocketException("Network is unreachable (connect failed)"),
                        NETWORK_UNREACHABLE),
                // socket_closed
                row("impl closed", READ, new SocketException("Socket closed"), SOCKET_CLOSED),
                row("Socket API closed", WRITE, new SocketException("Socket is closed"), SOCKET_CLOSED),
                row("output shut down", WRITE, new SocketException("Socket output is shutdown"), SOCKET_CLOSED),
                row("channel closed", READ, new ClosedChannelException(), SOCKET_CLOSED),
                row("write on unconnected", WRITE, new SocketException("Socket is not connected"), SOCKET_CLOSED),
                // async_close
                row("closed by another thread", READ, new AsynchronousCloseException(), ASYNC_CLOSE),
                // interrupted
                row("channel interrupt", READ, new ClosedByInterruptException(), INTERRUPTED),
                row("virtual thread interrupt", READ, new SocketException("Closed by interrupt"), INTERRUPTED),
                row("InterruptedIOException", WRITE, new InterruptedIOException(), INTERRUPTED),
                // tls
                row("handshake failure", READ, new SSLHandshakeException("Received fatal alert: handshake_failure"), TLS),
                row("peer FIN without close_notify", READ,
                        new SSLProtocolException("Remote host terminated the connection"), TLS),
                // other
                row("unknown errno", READ, new SocketException("Protocol not available"), OTHER),
                row("no message", WRITE, new IOException(), OTHER),
                row("localized strerror", READ, new SocketException("Connexion ré-initialisée par le correspondant"),
                        OTHER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkFailures")
    void classifiesWhatTheJdkThrows(String situation, Operation operation, Throwable failure, ErrorType expected) {
        assertEquals(expected, FailureClassifier.classify(operation, failure), situation);
    }

    @Test
    void everyFailureTypeIsCoveredByTheTable() {
        Set<ErrorType> covered = jdkFailures().map(a -> (ErrorType) a.get()[3]).collect(Collectors.toSet());
        Set<ErrorType> expected = EnumSet.allOf(ErrorType.class);
        expected.remove(RESET_SENT); // not an exception: decided at close by ResetCause
        assertEquals(expected, covered);
    }

    @Test
    void anAcceptTimeoutIsNotAFailure() {
        assertNull(FailureClassifier.classify(ACCEPT, new SocketTimeoutException("Accept timed out")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownListenerClosed")
    void anAcceptEndedByClosingTheListenerIsNotAFailure(String situation, Throwable failure) {
        assertNull(FailureClassifier.classify(ACCEPT, failure), situation);
    }

    static Stream<Arguments> ownListenerClosed() {
        return Stream.of(
                Arguments.of("ServerSocket closed by another thread, 11/17/25", new SocketException("Socket closed")),
                Arguments.of("ServerSocketChannel or async listener closed", new AsynchronousCloseException()),
                Arguments.of("accept on a closed channel", new ClosedChannelException()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("asyncFailures")
    void asynchronousChannelsClassifyAsTheOthersExceptClosingTheirOwnChannel(String situation, Operation operation,
                                                                          Throwable failure, ErrorType expected) {
        assertEquals(expected, FailureClassifier.classifyAsync(operation, failure), situation);
    }

    static Stream<Arguments> asyncFailures() {
        return Stream.of(
                row("pending read, application closed the channel", READ, new AsynchronousCloseException(), null),
                row("pending write, application closed the channel", WRITE, new AsynchronousCloseException(), null),
                row("read on a channel already closed", READ, new ClosedChannelException(), SOCKET_CLOSED),
                row("read reset, 17/25", READ, new IOException("Connection reset"), CONNECTION_RESET),
                row("read reset, 11", READ, new IOException("Connection reset by peer"), CONNECTION_RESET),
                row("write EPIPE", WRITE, new IOException("Broken pipe"), BROKEN_PIPE),
                row("read timeout", READ, new InterruptedByTimeoutException(), READ_TIMEOUT),
                row("write timeout", WRITE, new InterruptedByTimeoutException(), WRITE_TIMEOUT),
                row("connect refused", CONNECT, new ConnectException("Connection refused"), CONNECTION_REFUSED),
                row("accept EMFILE", ACCEPT, new IOException("Too many open files"), TOO_MANY_OPEN_FILES),
                row("listener closed while accepting", ACCEPT, new AsynchronousCloseException(), null));
    }

    @Test
    void anInterruptedAcceptIsStillReported() {
        assertEquals(INTERRUPTED, FailureClassifier.classify(ACCEPT, new ClosedByInterruptException()));
    }

    @Test
    void nothingThrownIsNothingToReport() {
        assertNull(FailureClassifier.classify(READ, null));
    }

    @Test
    void wireValuesAreTheDocumentedVocabulary() {
        assertEquals("connection_reset,broken_pipe,connection_refused,connection_aborted,timed_out,connect_timeout,"
                        + "read_timeout,write_timeout,host_unreachable,network_unreachable,socket_closed,async_close,"
                        + "interrupted,tls,too_many_open_files,other,reset_sent",
                Stream.of(ErrorType.values()).map(ErrorType::value).collect(Collectors.joining(",")));
    }

    private static Arguments row(String situation, Operation operation, Throwable failure, ErrorType expected) {
        return Arguments.of(situation, operation, failure, expected);
    }

    /** The JDK's own internal type, thrown by the dispatcher and passed as is by asynchronous channels. */
    private static Throwable connectionResetException() {
        try {
            return (Throwable) Class.forName("sun.net.ConnectionResetException")
                    .getConstructor(String.class).newInstance("Connection reset");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("surefire must export java.base/sun.net for this test", e);
        }
    }
}
