package io.socketwatch.agent.instrument;

import java.util.List;

/**
 * One JDK class the agent instruments, the JDK versions where it carries socket traffic, and its hooks. JDK
 * internals move between releases, so every hook is checked against the running JDK before it is installed.
 */
public final class JdkTarget {

    final String className;
    final int fromFeature;
    final int toFeature;
    final List<Hook> hooks;

    JdkTarget(String className, int fromFeature, int toFeature, List<Hook> hooks) {
        this.className = className;
        this.fromFeature = fromFeature;
        this.toFeature = toFeature;
        this.hooks = hooks;
    }

    /** True if this JDK release is expected to route sockets through this class. */
    boolean expectedOn(int feature) {
        return feature >= fromFeature && feature <= toFeature;
    }
}
