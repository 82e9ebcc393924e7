package io.socketwatch.agent.telemetry;

import java.util.List;

/** Finds "the application code that hit it": the first frame that is not the JDK, the agent or a known library. */
public final class StackFrames {

    private final String[] skipped;

    public StackFrames(List<String> skippedPackages) {
        this.skipped = skippedPackages.toArray(new String[0]);
    }

    /**
     * The first application frame; if every frame is skipped (a JDK-internal thread), the first frame outside the
     * agent, so the report still says where it happened. Null for an empty stack.
     */
    public StackTraceElement firstApplicationFrame(StackTraceElement[] stack) {
        StackTraceElement fallback = null;
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            if (!isSkipped(className)) {
                return frame;
            }
            if (fallback == null && !className.startsWith("io.socketwatch.agent.")) {
                fallback = frame;
            }
        }
        return fallback;
    }

    /** The first application frame, or null if every frame is the JDK's, the agent's or a skipped library's. */
    public StackTraceElement applicationFrame(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (!isSkipped(frame.getClassName())) {
                return frame;
            }
        }
        return null;
    }

    private boolean isSkipped(String className) {
        for (String prefix : skipped) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
