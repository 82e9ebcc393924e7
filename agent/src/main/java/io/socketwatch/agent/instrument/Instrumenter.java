package io.socketwatch.agent.instrument;

import io.socketwatch.agent.internal.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves the hooks into the JDK's socket classes. A class loaded after start-up is woven as the JVM loads it (so a
 * program pays for weaving only when it first uses that kind of socket); one already loaded is retransformed (no
 * new members, no signature changes, as the JVM requires). A hook whose method this JDK lacks is left out and said
 * once, so a moved JDK internal degrades to "not observed" instead of failing.
 *
 * <p>Weaving is plain ASM on the few target classes: the hooks are a handful of fixed instruction shapes
 * ({@link HookKind}), and a general instrumentation framework costs more at start-up than everything else the
 * agent does (Byte Buddy's agent builder loaded ~1,100 classes and took 600-750 ms and 46 MB on this machine kind).
 */
public final class Instrumenter {

    private Instrumenter() {
    }

    /** Plans and installs the hooks; returns the targets this JDK has, as class names. */
    public static List<String> install(Instrumentation instrumentation, List<JdkTarget> targets) {
        int feature = Runtime.version().feature();
        Map<String, JdkTarget> plan = new HashMap<>();
        for (JdkTarget target : targets) {
            String internalName = target.className.replace('.', '/');
            // Class files are never encapsulated, so this finds a JDK class without loading it.
            if (ClassLoader.getSystemResource(internalName + ".class") != null) {
                plan.put(internalName, target);
            } else if (target.expectedOn(feature)) {
                AgentLog.warnOnce("missing-" + target.className, "this JDK (" + Runtime.version() + ") has no "
                        + target.className + ": " + describe(target.hooks) + " are not observed");
            }
        }
        if (plan.isEmpty()) {
            return List.of();
        }
        instrumentation.addTransformer(new SocketTransformer(plan, feature), true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            JdkTarget target = plan.get(type.getName().replace('.', '/'));
            if (target != null && target.definedBy(type.getClassLoader())) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable failure) {
                AgentLog.warnOnce("retransform", "could not instrument " + loaded + " (" + failure
                        + "): failures through them are not observed");
            }
        }
        List<String> names = new ArrayList<>();
        for (JdkTarget target : plan.values()) {
            names.add(target.className);
        }
        AgentLog.debug("instrumenting " + names + " (already loaded: " + loaded.size() + ")");
        return names;
    }

    private static String describe(List<Hook> hooks) {
        List<String> observed = new ArrayList<>();
        for (Hook hook : hooks) {
            if (!observed.contains(hook.observes)) {
                observed.add(hook.observes);
            }
        }
        return String.join(", ", observed);
    }

    /**
     * Weaves the planned classes, and only when the JDK's own loader defines them (the bootstrap loader; the platform
     * loader for java.net.http): a class of the same name in an application loader is not the JDK's. Any other class
     * costs one map lookup.
     */
    static final class SocketTransformer implements ClassFileTransformer {
        private final Map<String, JdkTarget> plan;
        private final int feature;

        SocketTransformer(Map<String, JdkTarget> plan, int feature) {
            this.plan = plan;
            this.feature = feature;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classFile) {
            JdkTarget target = plan.get(className);
            if (target == null || !target.definedBy(loader)) {
                return null;
            }
            try {
                HookWeaver.Woven woven = HookWeaver.weave(classFile, target.hookKinds());
                reportMissing(target, woven.methods);
                return woven.methods.isEmpty() ? null : woven.classFile;
            } catch (Throwable failure) {
                // Returning null keeps the class as it was: the application runs unobserved, never broken.
                AgentLog.warnOnce("weave-" + className, "could not instrument " + target.className + " (" + failure
                        + "); failures through it are not observed");
                return null;
            }
        }

        private void reportMissing(JdkTarget target, List<String> woven) {
            List<String> done = new ArrayList<>();
            for (Hook hook : target.hooks) {
                if (woven.contains(hook.key())) {
                    done.add(hook.toString());
                } else if (target.expectedOn(feature) && hook.expectedOn(feature)) {
                    AgentLog.warnOnce("missing-" + target.className + hook, "this JDK (" + Runtime.version()
                            + ") has no " + target.className + "." + hook + ": " + hook.observes + " are not observed");
                }
            }
            AgentLog.debug("wove " + target.className + " " + done);
        }
    }
}
