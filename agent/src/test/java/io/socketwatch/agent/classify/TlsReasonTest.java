package io.socketwatch.agent.classify;

import static io.socketwatch.agent.classify.TlsReason.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * socketwatch.tls.reason for the failures the JDK's TLS implementation (sun.security.ssl, JDK 11, 17 and 25) raises:
 * the alert it sends or receives and the exception chain it builds. The messages are the JDK's own (not localised):
 * "(alert) reason" is what Alert.createSSLException makes of a fatal failure's diagnostic.
 */
class TlsReasonTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                // this side rejects the peer's certificate (client: X509TrustManager via CertificateMessage)
                row("untrusted self-signed certificate", "certificate_unknown", false, true,
                        new SSLHandshakeException("PKIX path building failed: "
                                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid"
                                + " certification path to requested target"), UNTRUSTED_CERTIFICATE),
                row("untrusted, path builder exception in the chain", "certificate_unknown", false, true,
                        handshake("PKIX path building failed", new CertificateException("x",
                                new CertPathBuilderException("no path"))), UNTRUSTED_CERTIFICATE),
                row("expired certificate", "certificate_expired", false, true,
                        handshake("(certificate_expired) validity check failed",
                                new CertificateExpiredException("NotAfter: ...")), CERTIFICATE_EXPIRED),
                row("certificate not yet valid", "certificate_unknown", false, true,
                        handshake("validity check failed", new CertificateNotYetValidException("NotBefore")),
                        CERTIFICATE_NOT_YET_VALID),
                row("no SAN for an IP address", "certificate_unknown", false, true,
                        handshake("(certificate_unknown) No subject alternative names present",
                                new CertificateException("No subject alternative names present")),
                        HOSTNAME_MISMATCH),
                row("SAN does not match the host", "certificate_unknown", false, true,
                        handshake("(certificate_unknown) No subject alternative DNS name matching example.org found.",
                                new CertificateException("No subject alternative DNS name matching example.org found.")),
                        HOSTNAME_MISMATCH),
                row("CN does not match the host", "certificate_unknown", false, true,
                        handshake("No name matching example.org found",
                                new CertificateException("No name matching example.org found")), HOSTNAME_MISMATCH),
                // a certificate alert with no exception to tell more
                row("bad_certificate raised locally", "bad_certificate", false, true,
                        new SSLHandshakeException("(bad_certificate) Empty client certificate chain"),
                        UNTRUSTED_CERTIFICATE),
                // the peer's FIN before the handshake completed (SSLSocketImpl.handleEOF), or before close_notify
                row("peer closed during the handshake, SSLSocket", "handshake_failure", false, true,
                        handshake("Remote host terminated the handshake",
                                new EOFException("SSL peer shut down incorrectly")), PEER_CLOSED),
                row("peer closed during the handshake, rethrown", "handshake_failure", false, true,
                        new SSLHandshakeException("Remote host terminated the handshake"), PEER_CLOSED),
                row("peer closed without close_notify, SSLSocket", "unexpected_message", false, false,
                        new SSLProtocolException("Remote host terminated the connection"), PEER_CLOSED),
                row("SSLEngine.closeInbound without close_notify", "internal_error", false, false,
                        new SSLException("(internal_error) closing inbound before receiving peer's close_notify"),
                        PEER_CLOSED),
                // no version or suite in common
                row("no common protocol version", "protocol_version", false, true,
                        new SSLHandshakeException("(protocol_version) The client supported protocol versions"
                                + " [TLSv1.3] are not accepted by server preferences [TLS12]"), PROTOCOL_VERSION),
                row("client has no protocol enabled", "handshake_failure", false, true,
                        new SSLHandshakeException("No appropriate protocol (protocol is disabled or cipher suites"
                                + " are inappropriate)"), PROTOCOL_VERSION),
                row("no common cipher suite", "handshake_failure", false, true,
                        new SSLHandshakeException("(handshake_failure) no cipher suites in common"),
                        NO_COMMON_CIPHER_SUITE),
                // alerts received from the peer (TransportContext.fatal with recvFatalAlert)
                row("peer rejected our certificate", "certificate_unknown", true, true,
                        new SSLHandshakeException("Received fatal alert: certificate_unknown"),
                        CERTIFICATE_REJECTED_BY_PEER),
                row("peer did not know our CA", "unknown_ca", true, true,
                        new SSLHandshakeException("Received fatal alert: unknown_ca"), CERTIFICATE_REJECTED_BY_PEER),
                row("peer refused our protocol version", "protocol_version", true, true,
                        new SSLHandshakeException("Received fatal alert: protocol_version"), PROTOCOL_VERSION),
                row("peer sent handshake_failure", "handshake_failure", true, true,
                        new SSLHandshakeException("Received fatal alert: handshake_failure"), PEER_ALERT),
                row("peer sent an alert after the handshake", "bad_record_mac", true, false,
                        new SSLException("Received fatal alert: bad_record_mac"), PEER_ALERT),
                // anything else
                row("other handshake failure", "handshake_failure", false, true,
                        new SSLHandshakeException("(handshake_failure) Unsupported signature algorithm"),
                        HANDSHAKE_FAILURE),
                row("record MAC failure after the handshake", "bad_record_mac", false, false,
                        new SSLException("(bad_record_mac) Bad record MAC"), PROTOCOL_ERROR),
                row("no exception, handshaking", "internal_error", false, true, null, HANDSHAKE_FAILURE),
                row("no alert, no exception", null, false, false, null, PROTOCOL_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void reasonOfEachFailure(String what, String alert, boolean received, boolean handshaking, Throwable failure,
                             TlsReason expected) {
        assertEquals(expected, TlsReason.of(alert, received, handshaking, failure), what);
    }

    @Test
    void everyReasonIsReachedByARealFailure() {
        Set<TlsReason> covered = failures().map(a -> (TlsReason) a.get()[5])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(TlsReason.class)));
        assertEquals(EnumSet.allOf(TlsReason.class), covered);
    }

    @Test
    void wireValuesAreLowerCaseWords() {
        for (TlsReason reason : TlsReason.values()) {
            assertEquals(reason.name().toLowerCase(java.util.Locale.ROOT), reason.value());
        }
    }

    @Test
    void aCauseThatIsItsOwnCauseEnds() {
        SSLException loop = new SSLException("x") {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        assertEquals(HANDSHAKE_FAILURE, TlsReason.of(null, false, true, loop));
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    private static Arguments row(String what, String alert, boolean received, boolean handshaking,
                                 Throwable failure, TlsReason expected) {
        return Arguments.of(what, alert, received, handshaking, failure, expected);
    }
}
