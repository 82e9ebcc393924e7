package io.socketwatch.agent;

import java.lang.instrument.Instrumentation;

/**
 * The -javaagent entry point. Kept free of any reference to the bootstrap bridge classes: they must be loaded by
 * the bootstrap class loader, which can only happen after {@link BootstrapInjector} appended them, so everything
 * that touches them lives in {@link AgentWiring}, linked afterwards.
 */
public final class SocketWatchAgent {

    private SocketWatchAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation);
    }

    private static void start(String args, Instrumentation instrumentation) {
        try {
            long started = System.nanoTime();
            String debug = System.getProperty("socketwatch.debug", System.getenv("SOCKETWATCH_DEBUG"));
            BootstrapInjector.inject(instrumentation, Boolean.parseBoolean(debug));
            AgentWiring.start(args, instrumentation, started);
        } catch (Throwable failure) {
            // Whatever went wrong, the application starts as if the agent were not there.
            System.err.println("socketwatch: not started, the application runs without it: " + failure);
        }
    }
}
