package io.socketwatch.agent.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own voice, on stderr: silent on a healthy run, one line per problem it cannot fix (said once), and
 * its internals when {@code socketwatch.debug} is on. No logging framework: premain must not initialise JUL, and the
 * application's logging configuration is none of the agent's business.
 */
public final class AgentLog {

    private static volatile boolean debug;
    private static final Set<String> said = ConcurrentHashMap.newKeySet();

    private AgentLog() {
    }

    public static void debug(boolean on) {
        debug = on;
    }

    public static boolean debugging() {
        return debug;
    }

    public static void debug(String message) {
        if (debug) {
            System.err.println("socketwatch [debug] " + message);
        }
    }

    /** A problem the user should know about, printed once per distinct key. */
    public static void warnOnce(String key, String message) {
        if (said.add(key)) {
            System.err.println("socketwatch: " + message);
        }
    }

    public static void error(String message, Throwable cause) {
        System.err.println("socketwatch: " + message + (cause == null ? "" : " (" + cause + ")"));
        if (debug && cause != null) {
            cause.printStackTrace();
        }
    }
}
