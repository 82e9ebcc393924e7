package io.socketwatch.agent.ledger;

/**
 * The socket options that matter to a diagnosis, as the application set them (seen by the setOption hooks; an
 * option never set keeps the kernel's default, shown as unknown rather than guessed). Kept beside the connection
 * ledger because options are usually set before connect, when the connection has no ledger entry yet.
 */
public final class OptionsSet {

    /** SO_LINGER on with a 0 s timeout: close() sends RST. */
    volatile boolean lingerZero;
    /** SO_TIMEOUT in milliseconds (0: no timeout), or -1 if the application did not set it. */
    volatile int soTimeoutMillis = -1;
    /** SO_KEEPALIVE, or null if the application did not set it. */
    volatile Boolean keepAlive;

    public boolean lingerZero() {
        return lingerZero;
    }

    public int soTimeoutMillis() {
        return soTimeoutMillis;
    }

    public Boolean keepAlive() {
        return keepAlive;
    }
}
