package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;

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
        List<String> expected = new ArrayList<>();
        for (Hook hook : target.hooks) {
            if (hook.expectedOn(Runtime.version().feature())) {
                expected.add(hook.key());
            }
        }
        HookWeaver.Woven woven = HookWeaver.weave(original, target.hookKinds());
        assertEquals(expected.stream().sorted().distinct().toList(), woven.methods.stream().sorted().toList(),
                target.className);

        Map<String, Integer> deliveries = countCalls(original, null);
        Map<String, Integer> bridged = countCalls(woven.classFile, "asyncDelivered");
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
        return CallSites.count(new ClassReader(classFile), (method, opcode, owner, callee, calleeDescriptor) ->
                (bridgeMethod == null ? HookKind.isDelivery(owner, calleeDescriptor)
                        : owner.equals(HookKind.BRIDGE) && callee.equals(bridgeMethod)) ? 1 : 0);
    }

    private static byte[] classFile(String className) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(className.replace('.', '/') + ".class")) {
            assertNotNull(in, className + " is not in this JDK");
            return in.readAllBytes();
        }
    }
}
