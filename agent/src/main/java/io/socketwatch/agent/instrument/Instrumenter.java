package io.socketwatch.agent.instrument;

import io.socketwatch.agent.internal.AgentLog;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into the JDK classes, including those already loaded (retransformation: advice only, no new
 * members, no class format changes, as the JVM requires for loaded classes). Hooks whose method this JDK lacks are
 * left out and said once, so a moved JDK internal degrades to "not observed" instead of failing.
 */
public final class Instrumenter {

    private Instrumenter() {
    }

    /** Installs every applicable hook and returns the ones installed. */
    public static List<String> install(Instrumentation instrumentation, List<JdkTarget> targets) {
        int feature = Runtime.version().feature();
        Map<JdkTarget, Class<?>> present = new LinkedHashMap<>();
        for (JdkTarget target : targets) {
            Class<?> type = loadOrNull(target.className);
            if (type != null) {
                present.put(target, type);
            } else if (target.expectedOn(feature)) {
                AgentLog.warnOnce("missing-" + target.className, "this JDK (" + Runtime.version() + ") has no "
                        + target.className + ": " + describe(target.hooks) + " are not observed");
            }
        }
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // Retransform exactly the targets instead of matching every class loaded so far.
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(
                        present.values().toArray(new Class<?>[0])))
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new FailureListener())
                // The default ignores the bootstrap loader, which is exactly where the targets live; the type
                // matchers below are exact names, so nothing else is touched.
                .ignore(ElementMatchers.none());
        List<String> installed = new ArrayList<>();
        boolean any = false;
        for (Map.Entry<JdkTarget, Class<?>> entry : present.entrySet()) {
            JdkTarget target = entry.getKey();
            Class<?> type = entry.getValue();
            AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
                    .include(Instrumenter.class.getClassLoader())
                    .withExceptionHandler(net.bytebuddy.asm.Advice.ExceptionHandler.Default.SUPPRESSING);
            boolean hooked = false;
            for (Hook hook : target.hooks) {
                if (!declares(type, hook)) {
                    if (target.expectedOn(feature) && feature >= hook.sinceFeature) {
                        AgentLog.warnOnce("missing-" + target.className + hook, "this JDK (" + Runtime.version()
                                + ") has no " + target.className + "." + hook + ": " + hook.observes
                                + " are not observed");
                    }
                    continue;
                }
                advice = advice.advice(methodMatcher(hook), hook.advice.getName());
                installed.add(target.className + "." + hook);
                hooked = true;
            }
            if (hooked) {
                builder = builder.type(ElementMatchers.named(target.className)).transform(advice).asTerminalTransformation();
                any = true;
            }
        }
        if (any) {
            long before = System.nanoTime();
            builder.installOn(instrumentation);
            AgentLog.debug("installOn took " + (System.nanoTime() - before) / 1_000_000 + " ms");
        }
        AgentLog.debug("instrumented " + installed);
        return installed;
    }

    /**
     * AgentBuilder.Default's constructor initialises Byte Buddy's class injectors, which reach for sun.misc.Unsafe
     * (JDK 24+ then warn on stderr about terminally deprecated methods). The agent injects nothing, so it builds in
     * Byte Buddy's safe mode; the property is relocated to the agent's private name and removed again afterwards.
     */
    private static AgentBuilder newAgentBuilder() {
        String property = net.bytebuddy.dynamic.loading.ClassInjector.UsingUnsafe.SAFE_PROPERTY;
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return new AgentBuilder.Default(new net.bytebuddy.ByteBuddy()
                    .with(net.bytebuddy.dynamic.scaffold.TypeValidation.DISABLED));
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    private static ElementMatcher<MethodDescription> methodMatcher(Hook hook) {
        return ElementMatchers.<MethodDescription>named(hook.method)
                .and(ElementMatchers.takesArguments(hook.parameters))
                .and(ElementMatchers.not(ElementMatchers.isAbstract()));
    }

    private static boolean declares(Class<?> type, Hook hook) {
        for (Method method : type.getDeclaredMethods()) {
            if (hook.matches(method)) {
                return true;
            }
        }
        return false;
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

    private static Class<?> loadOrNull(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Says once when a JDK class could not be transformed: its hooks then observe nothing. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            AgentLog.warnOnce("transform-" + typeName, "could not instrument " + typeName + " (" + throwable
                    + "); failures through it are not observed");
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            AgentLog.debug("transformed " + typeDescription.getName() + (loaded ? " (retransformed)" : ""));
        }
    }
}
