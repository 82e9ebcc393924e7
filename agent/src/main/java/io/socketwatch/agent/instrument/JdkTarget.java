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
    /** Defined by the platform class loader (java.net.http), not the bootstrap loader (java.base). */
    final boolean platformLoader;

    JdkTarget(String className, int fromFeature, int toFeature, List<Hook> hooks) {
        this(className, fromFeature, toFeature, hooks, false);
    }

    private JdkTarget(String className, int fromFeature, int toFeature, List<Hook> hooks, boolean platformLoader) {
        this.className = className;
        this.fromFeature = fromFeature;
        this.toFeature = toFeature;
        this.hooks = hooks;
        this.platformLoader = platformLoader;
    }

    /** What to weave into which method: {@link Hook#key()} to its kind. */
    java.util.Map<String, HookKind> hookKinds() {
        java.util.Map<String, HookKind> kinds = new java.util.HashMap<>();
        for (Hook hook : hooks) {
            kinds.put(hook.key(), hook.kind);
        }
        return kinds;
    }

    /** The same target in a module the platform class loader defines (java.net.http). */
    JdkTarget inPlatformLoader() {
        return new JdkTarget(className, fromFeature, toFeature, hooks, true);
    }

    /**
     * True if {@code loader} is the JDK's loader of this class: a class of the same name in an application loader
     * is not the JDK's.
     */
    boolean definedBy(ClassLoader loader) {
        return loader == null || platformLoader && loader == ClassLoader.getPlatformClassLoader();
    }

    /** True if this JDK release is expected to route sockets through this class. */
    boolean expectedOn(int feature) {
        return feature >= fromFeature && feature <= toFeature;
    }
}
