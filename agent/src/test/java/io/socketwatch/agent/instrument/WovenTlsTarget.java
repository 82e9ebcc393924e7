package io.socketwatch.agent.instrument;

/**
 * Stands in for the TLS and HttpClient classes: a constructor (any parameters), doneConnect() and
 * fatal(alert, diagnostic, received, cause), woven by {@link HookWeaverTlsTest}.
 */
public class WovenTlsTarget {

    public final String made;

    public WovenTlsTarget(String name, int number) {
        this.made = name + number;
    }

    public void doneConnect() {
        // the real one sets up the socket streams
    }

    /** Like TransportContext.fatal: reassigns its cause, always throws. */
    public RuntimeException fatal(Object alert, String diagnostic, boolean received, Throwable cause) {
        if (cause == null) {
            cause = new IllegalStateException(diagnostic);
        }
        throw new IllegalArgumentException("(" + alert + ") " + diagnostic + (received ? " received" : ""), cause);
    }
}
