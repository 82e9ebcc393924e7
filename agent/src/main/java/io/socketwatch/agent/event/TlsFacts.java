package io.socketwatch.agent.event;

import io.socketwatch.agent.classify.TlsReason;

/**
 * What a failure on a TLS connection adds to its report: {@code socketwatch.tls} = true, {@code tls.protocol.version}
 * when the handshake got that far, and for a failure of TLS itself the alert and the reason.
 */
public final class TlsFacts {

    /** Where the alert came from: sent by this side ({@code local}) or received from the peer ({@code peer}). */
    public static final String LOCAL = "local";
    public static final String PEER = "peer";

    private final String protocolVersion;
    private final String alert;
    private final String alertOrigin;
    private final TlsReason reason;

    private TlsFacts(String protocolVersion, String alert, String alertOrigin, TlsReason reason) {
        this.protocolVersion = protocolVersion;
        this.alert = alert;
        this.alertOrigin = alertOrigin;
        this.reason = reason;
    }

    /** A transport failure under TLS (reset, broken pipe, timeout, reset sent on close). */
    public static TlsFacts transport(String protocolVersion) {
        return new TlsFacts(protocolVersion, null, null, null);
    }

    /** A failure of TLS itself. */
    public static TlsFacts failure(String protocolVersion, String alert, boolean received, TlsReason reason) {
        return new TlsFacts(protocolVersion, alert, alert == null ? null : received ? PEER : LOCAL, reason);
    }

    /** "1.3", or null if unknown. */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** The alert's RFC 8446 name, or null. */
    public String alert() {
        return alert;
    }

    /** {@link #LOCAL} or {@link #PEER}, or null without an alert. */
    public String alertOrigin() {
        return alertOrigin;
    }

    /** Null for a transport failure. */
    public TlsReason reason() {
        return reason;
    }
}
