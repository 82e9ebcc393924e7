package io.socketwatch.agent.internal;

/**
 * Marks the agent's own threads so that the connections its exporter opens are never reported (and never feed back
 * into it). Inheritable: threads that the OpenTelemetry SDK and OkHttp create from a marked thread are marked too.
 * A connection opened on a marked thread is recorded as internal in the ledger, which covers the threads that touch
 * it later (OkHttp's connection-pool cleaner closes idle sockets on its own thread).
 */
public final class InternalThreads {

    private static final InheritableThreadLocal<Boolean> MARK = new InheritableThreadLocal<>();

    private InternalThreads() {
    }

    public static void markCurrent() {
        MARK.set(Boolean.TRUE);
    }

    public static boolean isCurrent() {
        return MARK.get() != null;
    }

    /** A daemon thread that is marked before it runs anything. */
    public static Thread newThread(String name, Runnable task) {
        Thread thread = new Thread(() -> {
            markCurrent();
            task.run();
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
