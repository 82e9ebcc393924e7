package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves the asynchronous channel targets of the JDK running this test (the class files of java.base, as the agent
 * gets them) and checks that every hook found its method and that each delivery call got its bridge call. The
 * integration tests run the woven classes on JDK 11, 17 and 25; this catches a moved signature early.
 */
class AsyncTargetsTest {

    static Stream<JdkTarget> asyncTargets() {
        return Stream.of(JdkTargets.asyncSocketChannelBase(), JdkTargets.asyncSocketChannel(), JdkTargets.asyncTimeoutTask("$1"),
                JdkTargets.asyncTimeoutTask("$2"), JdkTargets.asyncServerSocketChannel(),
                JdkTargets.asyncHandlerInvoker(), JdkTargets.asyncPendingFuture());
    }

    @ParameterizedTest
    @MethodSource("asyncTargets")
    void everyHookIsWovenIntoThisJdk(JdkTarget target) throws Exception {
        byte[] original = classFile(target.className);
        Map<String, HookKind> hooks = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (Hook hook : target.hooks) {
            hooks.put(hook.key(), hook.kind);
            if (hook.expectedOn(Runtime.version().feature())) {
                expected.add(hook.key());
            }
        }
        ClassWriter writer = new ClassWriter(0);
        HookWeaver weaver = new HookWeaver(writer, hooks);
        new ClassReader(original).accept(weaver, ClassReader.EXPAND_FRAMES);
        assertEquals(expected.stream().sorted().distinct().toList(), weaver.woven().stream().sorted().toList(),
                target.className);

        Map<String, Integer> deliveries = countCalls(original, null);
        Map<String, Integer> bridged = countCalls(writer.toByteArray(), "asyncDelivered");
        for (Hook hook : target.hooks) {
            if (hook.kind.hooksDelivery()) {
                int calls = deliveries.getOrDefault(hook.key(), 0);
                assertTrue(calls > 0, "no delivery call in " + target.className + "." + hook);
                assertEquals(calls, bridged.getOrDefault(hook.key(), 0),
                        "every delivery in " + target.className + "." + hook + " reports to the bridge");
            }
        }
    }

    /** Per method key: calls to the bridge method {@code bridgeMethod}, or (null) delivery calls. */
    private static Map<String, Integer> countCalls(byte[] classFile, String bridgeMethod) {
        Map<String, Integer> counts = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + descriptor.substring(0, descriptor.indexOf(')') + 1);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor,
                                                boolean isInterface) {
                        boolean counted = bridgeMethod == null ? HookKind.isDelivery(owner, calleeDescriptor)
                                : owner.equals(HookKind.BRIDGE) && callee.equals(bridgeMethod);
                        if (counted) {
                            counts.merge(key, 1, Integer::sum);
                        }
                    }
                };
            }
        }, 0);
        return counts;
    }

    private static byte[] classFile(String className) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(className.replace('.', '/') + ".class")) {
            assertNotNull(in, className + " is not in this JDK");
            return in.readAllBytes();
        }
    }
}
