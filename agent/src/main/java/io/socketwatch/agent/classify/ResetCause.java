package io.socketwatch.agent.classify;

/**
 * {@code socketwatch.reset.cause}: why closing a socket made this host's kernel send RST instead of FIN.
 * Linux tcp_close(): unread data in the receive queue aborts the connection (TCPAbortOnClose), and that check comes
 * before the SO_LINGER check (TCPAbortOnData), so unread data wins when both hold.
 */
public enum ResetCause {
    UNREAD_DATA("unread_data"),
    LINGER_ZERO("linger_zero");

    private final String value;

    ResetCause(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The cause of the RST a close will send, or null for an orderly close. */
    public static ResetCause of(int unreadBytes, boolean lingerZero) {
        if (unreadBytes > 0) {
            return UNREAD_DATA;
        }
        return lingerZero ? LINGER_ZERO : null;
    }
}
