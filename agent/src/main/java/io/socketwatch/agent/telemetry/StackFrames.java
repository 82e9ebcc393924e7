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

    /**
     * A skipped library also counts when relocated into another one (io.grpc.netty.shaded.io.netty.): libraries
     * keep their whole package under the relocation prefix. Only for prefixes of two or more segments, so that
     * "kotlin." does not also skip an application's com.example.kotlin.
     */
    private boolean isSkipped(String className) {
        for (String prefix : skipped) {
            if (className.startsWith(prefix)) {
                return true;
            }
            if (prefix.indexOf('.') < prefix.length() - 1 && relocated(className, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean relocated(String className, String prefix) {
        int at = className.indexOf(prefix, 1);
        return at > 0 && className.charAt(at - 1) == '.';
    }
}
