package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.classify.TlsReason;
import io.socketwatch.agent.diagnose.ConnectionSnapshot;
import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.event.TlsFacts;
import io.socketwatch.agent.ledger.Connection;
import io.socketwatch.agent.ledger.ConnectionLedger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleOutputTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50123);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8080);
    private static final FailureReporterStats NO_DROPS = new FailureReporterStats() {
        @Override
        public long droppedOverRate() {
            return 0;
        }

        @Override
        public long droppedQueueFull() {
            return 0;
        }
    };
    private static final StackTraceElement FRAME = new StackTraceElement("com.shop.Pay", "charge", "Pay.java", 42);

    @Test
    void aFailureSaysWhatWhereAndOnWhichConnection() {
        FailureEvent event = new FailureEvent(0, Operation.READ, ErrorType.CONNECTION_RESET, Role.CLIENT, SERVER,
                CLIENT, new SocketException("Connection reset"), null, null, 0, "main");
        assertEquals("socketwatch: connection_reset on read, client 127.0.0.1:50123 -> 127.0.0.1:8080"
                        + " at com.shop.Pay.charge(Pay.java:42): java.net.SocketException: Connection reset",
                ConsoleOutput.line(event, FRAME));
    }

    @Test
    void aResetSentSaysWhy() {
        FailureEvent event = new FailureEvent(0, Operation.CLOSE, ErrorType.RESET_SENT, Role.SERVER, CLIENT,
                SERVER, null, null, ResetCause.UNREAD_DATA, 3, "worker");
        assertEquals("socketwatch: reset_sent on close, server 127.0.0.1:8080 <- 127.0.0.1:50123: closed with 3"
                        + " unread bytes, so this host sent RST instead of FIN at com.shop.Pay.charge(Pay.java:42)",
                ConsoleOutput.line(event, FRAME));
    }

    @Test
    void aTransportFailureUnderTlsSaysTlsAndItsVersion() {
        FailureEvent event = new FailureEvent(0, Operation.READ, ErrorType.CONNECTION_RESET, Role.CLIENT, SERVER,
                CLIENT, new SocketException("Connection reset"), null, null, 0, "main", null, TlsFacts.transport("1.3"),
                null);
        assertEquals("socketwatch: connection_reset on read, client 127.0.0.1:50123 -> 127.0.0.1:8080 over TLS 1.3"
                        + " at com.shop.Pay.charge(Pay.java:42): java.net.SocketException: Connection reset",
                ConsoleOutput.line(event, FRAME));
    }

    @Test
    void aTlsFailureSaysItsReasonAndAlert() {
        FailureEvent event = new FailureEvent(0, Operation.HANDSHAKE, ErrorType.TLS, Role.SERVER, CLIENT, SERVER,
                new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_unknown"), null, null, 0,
                "main", null, TlsFacts.failure("1.3", "certificate_unknown", true,
                TlsReason.CERTIFICATE_REJECTED_BY_PEER),
                null);
        assertEquals("socketwatch: tls on handshake, server 127.0.0.1:8080 <- 127.0.0.1:50123 over TLS 1.3:"
                        + " certificate_rejected_by_peer, alert certificate_unknown received"
                        + " at com.shop.Pay.charge(Pay.java:42): javax.net.ssl.SSLHandshakeException: Received fatal"
                        + " alert: certificate_unknown",
                ConsoleOutput.line(event, FRAME));
    }

    @Test
    void tlsSpanAttributes() {
        FailureEvent event = new FailureEvent(0, Operation.HANDSHAKE, ErrorType.TLS, Role.CLIENT, SERVER, CLIENT,
                null, null, null, 0, "main", null, TlsFacts.failure(null, "handshake_failure", false,
                TlsReason.PEER_CLOSED), null);
        io.opentelemetry.api.common.Attributes attributes = OtlpOutput.spanAttributes(event, FRAME);
        assertEquals(true, attributes.get(io.opentelemetry.api.common.AttributeKey.booleanKey("socketwatch.tls")));
        assertEquals(null, attributes.get(io.opentelemetry.api.common.AttributeKey.stringKey("tls.protocol.version")));
        assertEquals("handshake_failure",
                attributes.get(io.opentelemetry.api.common.AttributeKey.stringKey("socketwatch.tls.alert")));
        assertEquals("local",
                attributes.get(io.opentelemetry.api.common.AttributeKey.stringKey("socketwatch.tls.alert.origin")));
        assertEquals("peer_closed",
                attributes.get(io.opentelemetry.api.common.AttributeKey.stringKey("socketwatch.tls.reason")));
        assertEquals("handshake",
                attributes.get(io.opentelemetry.api.common.AttributeKey.stringKey("socketwatch.operation")));
    }

    @Test
    void theSummaryGroupsByPeerWithCountsByErrorTypeAndOperation() {
        ErrorCounts counts = new ErrorCounts();
        FailureEvent reset = new FailureEvent(0, Operation.READ, ErrorType.CONNECTION_RESET, Role.CLIENT, SERVER,
                CLIENT, null, null, null, 0, "main");
        counts.increment(reset);
        counts.increment(reset);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new ConsoleOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8), counts, NO_DROPS).close(100);
        assertEquals("socketwatch: summary: 2 socket failures\n"
                        + "socketwatch:   peer 127.0.0.1:8080: 2 failures, median idle n/a\n"
                        + "socketwatch:          2  connection_reset    read\n",
                buffer.toString(StandardCharsets.UTF_8));
    }

    /**
     * Through the real reporting path (ConsoleOutput.report, as the reporter thread calls it): a client whose
     * connection failed after 5.2 s idle and the server whose clients reset, on the same endpoint. Each failure line
     * says the idle, the client's carries the idle-timeout hint on a line of its own; the summary has one block per
     * side, with the median idle and the hint.
     */
    @Test
    void linesSayIdleAndHintAndTheSummaryGroupsEachSide() {
        ConnectionLedger ledger = new ConnectionLedger(10);
        long now = System.nanoTime();
        Connection client = ledger.opened(new Object(), Role.CLIENT, false, SERVER, CLIENT);
        client.traffic().read(300, now - 5_200_000_000L);
        Connection accepted = ledger.opened(new Object(), Role.SERVER, false, CLIENT, SERVER);
        accepted.traffic().wrote(300, now - 2_200_000_000L);
        FailureEvent reset = new FailureEvent(0, Operation.READ, ErrorType.CONNECTION_RESET, Role.CLIENT, SERVER,
                CLIENT, new SocketException("Connection reset"), null, null, 0, "main")
                .withConnection(ConnectionSnapshot.of(client, null));
        FailureEvent abort = new FailureEvent(0, Operation.CLOSE, ErrorType.RESET_SENT, Role.SERVER, CLIENT,
                SERVER, null, null, ResetCause.LINGER_ZERO, 0, "worker")
                .withConnection(ConnectionSnapshot.of(accepted, null));
        ErrorCounts counts = new ErrorCounts();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ConsoleOutput console = new ConsoleOutput(new PrintStream(buffer, true, StandardCharsets.UTF_8), counts,
                NO_DROPS);
        for (FailureEvent event : List.of(reset, abort)) {
            counts.increment(event);
            event.connection().prepare(event.errorType(), event.operation(), event.role(), event.resetCause(),
                    event.unreadBytes(), frames -> frames[0]);
            console.report(event, FRAME);
        }
        console.close(100);
        String idleHint = "the connection failed after 5.2 s idle, close to the 5 s idle timeout of the Node.js HTTP"
                + " server (keepAliveTimeout): that idle timeout most likely closed it (keep it busier, e.g. TCP"
                + " keepalive or pool eviction, below that)";
        assertEquals(List.of(
                "socketwatch: connection_reset on read, client 127.0.0.1:50123 -> 127.0.0.1:8080, after 5.2 s idle"
                        + " at com.shop.Pay.charge(Pay.java:42): java.net.SocketException: Connection reset",
                "socketwatch:   hint: " + idleHint,
                // reset_sent: the line already says why, so its hint (the same, at length) is not repeated.
                "socketwatch: reset_sent on close, server 127.0.0.1:8080 <- 127.0.0.1:50123: closed with SO_LINGER"
                        + " 0, so this host sent RST instead of FIN, after 2.2 s idle"
                        + " at com.shop.Pay.charge(Pay.java:42)",
                "socketwatch: summary: 2 socket failures",
                "socketwatch:   clients of 127.0.0.1:8080: 1 failure, median idle 2.2 s",
                "socketwatch:          1  reset_sent          close",
                "socketwatch:             hint for 1 of 1 failure: this process caused the reset: SO_LINGER was set"
                        + " on with a 0 s timeout, so close() aborts the connection with RST instead of FIN",
                "socketwatch:   peer 127.0.0.1:8080: 1 failure, median idle 5.2 s",
                "socketwatch:          1  connection_reset    read",
                "socketwatch:             hint for 1 of 1 failure: " + idleHint),
                List.of(buffer.toString(StandardCharsets.UTF_8).split("\n")));
    }
}
