package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.config.AgentConfig;
import java.util.List;

/** Finds "the application code that hit it": the first frame that is not the JDK, the agent or a known library. */
public final class StackFrames {

    private final String[] skipped;
    private final String[] platform;

    public StackFrames(List<String> skippedPackages) {
        this.skipped = skippedPackages.toArray(new String[0]);
        this.platform = AgentConfig.platformPackages().toArray(new String[0]);
    }

    /**
     * The first application frame. If every frame is skipped, the I/O ran on a thread with no application code on
     * it (a library's own thread: Tomcat writing its error response after the servlet returned, OkHttp 5 connecting
     * on its TaskRunner): then the first library frame, the closest place that still says who did the I/O; failing
     * that (a JDK-internal thread), the first frame outside the agent. Null for an empty stack.
     */
    public StackTraceElement firstApplicationFrame(StackTraceElement[] stack) {
        StackTraceElement library = null;
        StackTraceElement fallback = null;
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            if (!startsWithAny(className, skipped)) {
                return frame;
            }
            if (library == null && !startsWithAny(className, platform)) {
                library = frame;
            }
            if (fallback == null && !className.startsWith("io.socketwatch.agent.")) {
                fallback = frame;
            }
        }
        return library != null ? library : fallback;
    }

    private static boolean startsWithAny(String className, String[] prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
