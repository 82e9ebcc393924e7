package io.socketwatch.agent.instrument;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Counts method calls per method of a class file, as the matcher weighs them. */
final class CallSites {

    /** The weight of one call instruction in {@code methodDescriptor}'s method; 0: not counted. */
    interface Matcher {
        int weigh(String methodDescriptor, int opcode, String owner, String name, String calleeDescriptor);
    }

    private CallSites() {
    }

    /** Per method key (name + parameter descriptor, as {@link Hook#key()}): the sum of its calls' weights. */
    static Map<String, Integer> count(ClassReader reader, Matcher matcher) {
        Map<String, Integer> counts = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + descriptor.substring(0, descriptor.indexOf(')') + 1);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor,
                                                boolean isInterface) {
                        int weight = matcher.weigh(descriptor, opcode, owner, callee, calleeDescriptor);
                        if (weight != 0) {
                            counts.merge(key, weight, Integer::sum);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        return counts;
    }
}
