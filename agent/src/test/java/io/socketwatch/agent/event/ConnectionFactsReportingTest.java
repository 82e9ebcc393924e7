package io.socketwatch.agent.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.diagnose.ConnectionSnapshot;
import io.socketwatch.agent.ledger.ConnectionLedger;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger facts travel from the hooks to the failure event: a connection opened, used, and failing carries its
 * bytes, exchanges, EOF, options and creation stack; the hint is worked out from them on the reporter thread.
 */
class ConnectionFactsReportingTest {

    private final List<FailureEvent> reported = new ArrayList<>();
    private SocketChannel socket;

    @AfterEach
    void close() throws Exception {
        if (socket != null) {
            socket.close();
        }
    }

    @Test
    void aWriteAfterTheEofCarriesTheFactsAndTheBrokenPipeHint() throws Exception {
        SocketEventHandler handler = new SocketEventHandler(new ConnectionLedger(100), reported::add, 8);
        socket = SocketChannel.open(); // an unconnected channel: the probes on it answer null, nothing is sent
        handler.optionSet(socket, StandardSocketOptions.SO_KEEPALIVE, true);
        handler.optionSet(socket, SocketOptions.SO_TIMEOUT, 1500);
        openHere(handler);
        handler.dataWritten(socket, 10);
        handler.dataRead(socket, 20);
        handler.dataRead(socket, -1);
        handler.dataWritten(socket, 3);
        handler.operationFailed(Bridge.WRITE, socket, new SocketException("Broken pipe"));

        assertEquals(1, reported.size());
        FailureEvent event = reported.get(0);
        assertEquals(ErrorType.BROKEN_PIPE, event.errorType());
        ConnectionSnapshot c = event.connection();
        assertNotNull(c);
        assertEquals(20, c.bytesIn());
        assertEquals(13, c.bytesOut());
        assertEquals(1, c.exchanges());
        assertTrue(c.peerClosedFirst());
        assertEquals(Boolean.TRUE, c.keepAlive());
        assertEquals(1500, c.soTimeoutMillis());
        assertTrue(c.age() >= c.idle() && c.idle() >= 0, "age " + c.age() + " idle " + c.idle());

        c.prepare(event.errorType(), event.operation(), event.role(), null, 0, frames -> frames[0]);
        assertTrue(c.hint().startsWith("the peer closed the connection first"), c.hint());
        assertEquals(getClass().getName(), c.createdAt().getClassName(), "created at " + c.createdAt());
        assertEquals("openHere", c.createdAt().getMethodName());
        assertTrue(c.creationFrames().length <= 8);
    }

    @Test
    void noCreationStackUnlessConfigured() throws Exception {
        SocketEventHandler handler = new SocketEventHandler(new ConnectionLedger(100), reported::add);
        socket = SocketChannel.open();
        openHere(handler);
        handler.operationFailed(Bridge.READ, socket, new SocketException("Connection reset"));
        ConnectionSnapshot c = reported.get(0).connection();
        c.prepare(ErrorType.CONNECTION_RESET, reported.get(0).operation(), reported.get(0).role(), null, 0,
                frames -> frames[0]);
        assertNull(c.createdAt());
        assertNull(c.hint(), "a fresh connection reset on its first read matches no pattern");
        assertEquals(0, c.bytesIn());
        assertEquals(-1, c.sinceLastRead());
    }

    private void openHere(SocketEventHandler handler) {
        handler.connectEnded(socket, new InetSocketAddress("127.0.0.1", 9), true, null);
    }
}
