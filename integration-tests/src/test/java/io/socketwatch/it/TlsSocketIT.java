package io.socketwatch.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS over java.net sockets (SSLSocketImpl: client, server, and layered over a connected Socket) on JDK 11, 17 and 25,
 * with the real agent jar: one report per broken connection, transport failures marked as TLS with the negotiated
 * version, TLS failures as error.type tls with the alert and its reason, each pointing at the application's call.
 * The scenarios are org.example.tls.SocketScenarios (src/tls-app), which says why each fails as it does.
 */
class TlsSocketIT {

    /** Scenario -> every report it must produce (TlsReports.describe), the same on every JDK. */
    static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.of(
            // The client's read meets the server's RST: reported at the transport, marked TLS 1.3. Not reported:
            // the fatal alert the JDK then writes on the dead socket (EPIPE), the client's next write ("Connection
            // or outbound has closed") and its close. The server's abortive close is a reset it sent.
            "reset", List.of(
                    "connection_reset read client tls=1.3 @SocketScenarios.readReply",
                    "reset_sent close server linger_zero tls=1.3 @SocketScenarios.abort"),
            "reset-layered", List.of(
                    "connection_reset read client tls=1.3 @SocketScenarios.readReply",
                    "reset_sent close server linger_zero tls=1.3 @SocketScenarios.abort"),
            // The client rejects the certificate and says so; the server hears it. Not reported: the client's close
            // with the unread rest of the server's flight (an RST).
            "untrusted", List.of(
                    "tls handshake client tls=1.3 alert=certificate_unknown/local reason=untrusted_certificate"
                            + " @SocketScenarios.handshake",
                    "tls handshake server tls=1.3 alert=certificate_unknown/peer reason=certificate_rejected_by_peer"
                            + " @SocketScenarios.serverHandshake"),
            // The peer's FIN before any answer: no version was agreed. Not reported: the alert the client then
            // writes to a peer that has gone.
            "peer-closed-handshake", List.of(
                    "tls handshake client tls=? alert=handshake_failure/local reason=peer_closed"
                            + " @SocketScenarios.handshake"),
            "protocol-mismatch", List.of(
                    "tls handshake server tls=? alert=protocol_version/local reason=protocol_version"
                            + " @SocketScenarios.serverHandshake",
                    "tls handshake client tls=? alert=protocol_version/peer reason=protocol_version"
                            + " @SocketScenarios.handshake")));

    static Stream<Arguments> scenariosOnEveryJdk() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (String scenario : EXPECTED.keySet()) {
                cases.add(Arguments.of(jdk, scenario));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scenariosOnEveryJdk")
    void reportsEachBrokenTlsConnectionOnce(Jdk jdk, String scenario) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = TlsReports.run(jdk, receiver, "SocketScenarios", scenario);
            TlsReports.assertReportedExactly(EXPECTED.get(scenario), run, receiver);
        }
    }
}
