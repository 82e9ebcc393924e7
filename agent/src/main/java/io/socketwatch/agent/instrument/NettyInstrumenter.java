package io.socketwatch.agent.instrument;

import io.socketwatch.agent.internal.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * Weaves the Netty hooks into whichever copies of Netty the application loads, from any class loader. Unlike the
 * JDK classes, these are not known in advance (a relocated copy has its own names), so every class the JVM loads
 * passes a name check: two constant-time suffix tests for all but the few whose names end like a target. The woven
 * code calls the bridge in the bootstrap class loader, which every class loader that delegates to its parent sees.
 */
public final class NettyInstrumenter {

    private NettyInstrumenter() {
    }

    public static void install(Instrumentation instrumentation) {
        NettyTransformer transformer = new NettyTransformer(instrumentation, NettyTargets.all());
        instrumentation.addTransformer(transformer, true);
        // Normally none is loaded yet at premain; a late attach (agentmain) finds them loaded.
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            String name = type.getName();
            if (transformer.mayMatch(name) && !transformer.targetsOf(name.replace('.', '/')).isEmpty()
                    && instrumentation.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (!loaded.isEmpty()) {
            try {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            } catch (Throwable failure) {
                AgentLog.warnOnce("retransform-netty", "could not instrument " + loaded + " (" + failure
                        + "): failures through them are not observed");
            }
        }
    }

    static final class NettyTransformer implements ClassFileTransformer {
        private static final String BRIDGE = "io.socketwatch.agent.bootstrap.Bridge";
        private final Instrumentation instrumentation;
        private final List<NettyTargets.Target> targets;

        NettyTransformer(Instrumentation instrumentation, List<NettyTargets.Target> targets) {
            this.instrumentation = instrumentation;
            this.targets = targets;
        }

        /** The cheap test every loaded class pays: does its name end like one of the target classes? */
        boolean mayMatch(String className) {
            return className.endsWith("Channel") || className.endsWith("Unsafe");
        }

        List<NettyTargets.Target> targetsOf(String className) {
            List<NettyTargets.Target> matching = new ArrayList<>(2);
            for (NettyTargets.Target target : targets) {
                if (NettyTargets.relocationPrefix(className, target.classSuffix) != null) {
                    matching.add(target);
                }
            }
            return matching;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classFile) {
            if (className == null || !mayMatch(className)) {
                return null;
            }
            List<NettyTargets.Target> matching = targetsOf(className);
            if (matching.isEmpty()) {
                return null;
            }
            if (!seesBridge(loader)) {
                // Woven code that cannot link the bridge would throw NoClassDefFoundError in the application.
                AgentLog.warnOnce("netty-no-bridge-" + loader, "Netty loaded by " + loader + " cannot see the agent's"
                        + " bootstrap classes (a class loader that does not delegate to the boot loader, as OSGi"
                        + " frameworks may): its failures are not observed");
                return null;
            }
            try {
                String prefix = NettyTargets.relocationPrefix(className, matching.get(0).classSuffix);
                ClassReader reader = new ClassReader(classFile);
                ClassWriter writer = new ClassWriter(0);
                NettyWeaver weaver = new NettyWeaver(writer, matching, prefix);
                reader.accept(weaver, ClassReader.EXPAND_FRAMES);
                List<NettyTargets.Target> woven = weaver.woven();
                for (NettyTargets.Target target : matching) {
                    if (!woven.contains(target)) {
                        // A Netty version whose internals moved: said once, the rest of the agent unaffected.
                        AgentLog.warnOnce("netty-missing-" + className + target, "found no " + target + " in "
                                + className.replace('/', '.') + ": " + target.hook.observes() + " are not observed");
                    }
                }
                if (woven.isEmpty()) {
                    return null;
                }
                readBridge(module);
                if (AgentLog.debugging()) {
                    AgentLog.debug("wove " + className.replace('/', '.') + " " + woven);
                }
                return writer.toByteArray();
            } catch (Throwable failure) {
                // Returning null keeps the class as it was: the application runs unobserved, never broken.
                AgentLog.warnOnce("weave-" + className, "could not instrument " + className + " (" + failure
                        + "); failures through it are not observed");
                return null;
            }
        }

        /**
         * Whether classes of {@code loader} resolve the bridge to the one in the boot loader. Asked only for the few
         * classes that match a target, so its cost (a class lookup through the loader's parents) is paid a handful of
         * times per copy of Netty.
         */
        private static boolean seesBridge(ClassLoader loader) {
            if (loader == null) {
                return true;
            }
            try {
                return Class.forName(BRIDGE, false, loader) == io.socketwatch.agent.bootstrap.Bridge.class;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        /**
         * Netty on the module path is a named (automatic or explicit) module, which reads no unnamed module unless
         * told to: without this edge its woven code could not call the bridge. On the class path it is unnamed and
         * reads everything already.
         */
        private void readBridge(Module module) {
            Module bridge = io.socketwatch.agent.bootstrap.Bridge.class.getModule();
            if (module != null && module.isNamed() && !module.canRead(bridge)) {
                instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }
}
