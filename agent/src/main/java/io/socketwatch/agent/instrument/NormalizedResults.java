package io.socketwatch.agent.instrument;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Finds the methods of a class that call {@code sun.nio.ch.IOStatus.normalize} exactly once: in SocketChannelImpl
 * on JDK 11 and 17, read and write (both overloads) end with {@code return IOStatus.normalize(n)}, the one value
 * the method returns after a system call (its other returns are end-of-stream after a local shutdownInput, which
 * says nothing about the peer). The count hook goes after that call: one hook instead of one per return (six in
 * JDK 17's read(ByteBuffer)). That keeps read(ByteBuffer) at 324 bytes of bytecode with both hooks, under C2's
 * FreqInlineSize (325), so the JIT still inlines it into a hot caller as it does without the agent; woven before
 * every return it had 352 bytes and was compiled out of line ("hot method too big" in -XX:+PrintInlining). On JDK 25
 * read and write are small wrappers (a JFR event around implRead/implWrite) with no such call, and keep the
 * per-return hooks.
 */
final class NormalizedResults {

    static final String OWNER = "sun/nio/ch/IOStatus";
    static final String METHOD = "normalize";

    private NormalizedResults() {
    }

    /**
     * Keys (name + parameter descriptor, as {@link Hook#key()}) of the methods with exactly one such call, which
     * returns the method's own return type (int normalize(int) in an int read, long normalize(long) in a long one).
     */
    static Set<String> methodsCallingOnce(ClassReader reader) {
        // A normalize of another type than the method returns is not its result: weighed 2, it disqualifies.
        Map<String, Integer> calls = CallSites.count(reader, (method, opcode, owner, name, callee) ->
                !isNormalize(opcode, owner, name) ? 0 : method.endsWith(callee.substring(callee.indexOf(')'))) ? 1 : 2);
        Set<String> once = new HashSet<>();
        calls.forEach((key, count) -> {
            if (count == 1) {
                once.add(key);
            }
        });
        return once;
    }

    static boolean isNormalize(int opcode, String owner, String method) {
        return opcode == Opcodes.INVOKESTATIC && owner.equals(OWNER) && method.equals(METHOD);
    }
}
