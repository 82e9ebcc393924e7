package io.socketwatch.agent.classify;

import java.util.Locale;

/**
 * {@code socketwatch.tls.reason}: why a TLS connection failed, in a small fixed vocabulary (it may become a metric
 * attribute: never a message). Derived from the alert and the exception chain the JDK built for the failure.
 *
 * <p>Evidence comes from exception types of the certificate path checks (java.security.cert, and
 * sun.security.validator.ValidatorException, matched by name) and from the fixed texts of the JDK's TLS
 * implementation (sun.security.ssl: "Remote host terminated the handshake", "No appropriate protocol", "no cipher
 * suites in common", the hostname checker's "No subject alternative ..." / "No name matching ..."). Those texts are
 * English in every locale: the JDK does not translate them.
 */
public enum TlsReason {
    /** The certificate chain does not lead to a trusted root (PKIX path building or validation failed). */
    UNTRUSTED_CERTIFICATE("untrusted_certificate"),
    CERTIFICATE_EXPIRED("certificate_expired"),
    CERTIFICATE_NOT_YET_VALID("certificate_not_yet_valid"),
    /** The certificate is valid but not for the host name the client connected to. */
    HOSTNAME_MISMATCH("hostname_mismatch"),
    /** The peer answered the certificate this side sent with a certificate alert. */
    CERTIFICATE_REJECTED_BY_PEER("certificate_rejected_by_peer"),
    /** The peer closed the TCP connection (FIN) before the TLS handshake or close_notify. */
    PEER_CLOSED("peer_closed"),
    /** No protocol version both sides enable (e.g. TLSv1.3 only against TLSv1.2 only). */
    PROTOCOL_VERSION("protocol_version"),
    NO_COMMON_CIPHER_SUITE("no_common_cipher_suite"),
    /** The peer sent another fatal alert (the alert attribute says which). */
    PEER_ALERT("peer_alert"),
    /** Any other failure of the handshake. */
    HANDSHAKE_FAILURE("handshake_failure"),
    /** Any other failure after the handshake (bad record MAC, unexpected message, ...). */
    PROTOCOL_ERROR("protocol_error");

    private final String value;

    TlsReason(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /**
     * The reason of a fatal TLS failure.
     *
     * @param alert the alert's RFC name ("certificate_unknown"), or null
     * @param received true if the peer sent the alert, false if this side raised it
     * @param handshaking true if the first handshake had not completed
     * @param failure the exception thrown for the failure (its causes are searched too); may be null
     */
    public static TlsReason of(String alert, boolean received, boolean handshaking, Throwable failure) {
        if (received) {
            if (isCertificateAlert(alert)) {
                return CERTIFICATE_REJECTED_BY_PEER;
            }
            if ("protocol_version".equals(alert)) {
                return PROTOCOL_VERSION;
            }
            return PEER_ALERT;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            TlsReason byException = byException(t);
            if (byException != null) {
                return byException;
            }
        }
        if ("protocol_version".equals(alert)) {
            return PROTOCOL_VERSION;
        }
        if (isCertificateAlert(alert)) {
            return UNTRUSTED_CERTIFICATE;
        }
        return handshaking ? HANDSHAKE_FAILURE : PROTOCOL_ERROR;
    }

    private static TlsReason byException(Throwable t) {
        if (isA(t, "java.security.cert.CertificateExpiredException")) {
            return CERTIFICATE_EXPIRED;
        }
        if (isA(t, "java.security.cert.CertificateNotYetValidException")) {
            return CERTIFICATE_NOT_YET_VALID;
        }
        if (isA(t, "java.io.EOFException")) {
            return PEER_CLOSED;
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        // sun.security.util.HostnameChecker
        if (message.startsWith("no subject alternative") || message.startsWith("no name matching")) {
            return HOSTNAME_MISMATCH;
        }
        if (isA(t, "java.security.cert.CertPathBuilderException")
                || isA(t, "java.security.cert.CertPathValidatorException")
                || isA(t, "sun.security.validator.ValidatorException")
                || message.contains("unable to find valid certification path")) {
            return UNTRUSTED_CERTIFICATE;
        }
        // SSLSocketImpl.handleEOF; SSLEngineImpl.closeInbound without the peer's close_notify.
        if (message.contains("remote host terminated the")
                || message.contains("closing inbound before receiving peer's close_notify")) {
            return PEER_CLOSED;
        }
        if (message.contains("no appropriate protocol") || message.contains("protocol version")) {
            return PROTOCOL_VERSION;
        }
        if (message.contains("no cipher suites in common")) {
            return NO_COMMON_CIPHER_SUITE;
        }
        return null;
    }

    private static boolean isCertificateAlert(String alert) {
        return alert != null && (alert.equals("bad_certificate") || alert.equals("unsupported_certificate")
                || alert.equals("certificate_revoked") || alert.equals("certificate_expired")
                || alert.equals("certificate_unknown") || alert.equals("unknown_ca")
                || alert.equals("certificate_required"));
    }

    private static boolean isA(Throwable failure, String className) {
        for (Class<?> c = failure.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
