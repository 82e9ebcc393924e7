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
     * The first application frame. If every frame is skipped, no application code is on this thread: then the first
     * frame of a library (Tomcat writing its response on its own worker after the servlet returned), which says who
     * did the I/O, where a JDK frame (sun.nio.ch.FileDispatcherImpl.write0) would not; failing that (a JDK-internal
     * thread) the first frame outside the agent. Null for an empty stack.
     */
    public StackTraceElement firstApplicationFrame(StackTraceElement[] stack) {
        StackTraceElement library = null;
        StackTraceElement fallback = null;
        for (StackTraceElement frame : stack) {
            String className = frame.getClassName();
            if (!isSkipped(className)) {
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
