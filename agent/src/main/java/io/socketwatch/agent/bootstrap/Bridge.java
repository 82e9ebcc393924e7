package io.socketwatch.agent.bootstrap;

/**
 * The only agent code that instrumented JDK methods call. Advice inlined into java.base sees the bootstrap class
 * loader only, so this class sits on the bootstrap class path and forwards to the {@link SocketEvents} handler that
 * the agent installs. Every entry point contains the handler's failures: the application never sees one.
 */
public final class Bridge {

    public static final int CONNECT = 0;
    public static final int ACCEPT = 1;
    public static final int READ = 2;
    public static final int WRITE = 3;
    public static final int CLOSE = 4;

    private static volatile SocketEvents events;
    private static final java.util.concurrent.atomic.AtomicLong contained = new java.util.concurrent.atomic.AtomicLong();

    private Bridge() {
    }

    public static void install(SocketEvents handler) {
        events = handler;
    }

    /** Failures of the agent itself that were caught here and never reached the application. */
    public static long containedFailures() {
        return contained.get();
    }

    public static void connectEnded(Object socket, Object remote, boolean connected, Throwable failure) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.connectEnded(socket, remote, connected, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    public static void acceptEnded(Object listener, Object accepted, Throwable failure) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.acceptEnded(listener, accepted, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    public static void operationFailed(int operation, Object socket, Throwable failure) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.operationFailed(operation, socket, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    public static void closing(Object socket) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.closing(socket);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    private static void contain(SocketEvents handler, Throwable error) {
        contained.incrementAndGet();
        try {
            handler.internalError(error);
        } catch (Throwable ignored) {
            // Reporting the failure failed too; the count above still tells.
        }
    }
}
