package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Which methods count after IOStatus.normalize: exactly one call, of the method's own return type. */
class NormalizedResultsTest {

    @Test
    void onlyMethodsWithOneNormalizeOfTheirReturnTypeQualify() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, "example/Channel", null, "java/lang/Object", null);
        method(writer, "intOnce", "()I", 1, "(I)I", Opcodes.IRETURN);
        method(writer, "longOnce", "(Ljava/nio/ByteBuffer;)J", 1, "(J)J", Opcodes.LRETURN);
        method(writer, "twice", "()I", 2, "(I)I", Opcodes.IRETURN);
        method(writer, "never", "()I", 0, "(I)I", Opcodes.IRETURN);
        method(writer, "otherType", "()J", 1, "(I)I", Opcodes.LRETURN);
        writer.visitEnd();

        Set<String> qualified = NormalizedResults.methodsCallingOnce(new ClassReader(writer.toByteArray()));

        assertEquals(Set.of("intOnce()", "longOnce(Ljava/nio/ByteBuffer;)"), qualified);
    }

    /** A method returning a constant passed through {@code calls} calls of IOStatus.normalize {@code normalize}. */
    private static void method(ClassWriter writer, String name, String descriptor, int calls, String normalize,
                               int returnOpcode) {
        MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, descriptor, null, null);
        mv.visitCode();
        boolean longValue = normalize.endsWith("J");
        mv.visitInsn(longValue ? Opcodes.LCONST_1 : Opcodes.ICONST_1);
        for (int i = 0; i < calls; i++) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, NormalizedResults.OWNER, NormalizedResults.METHOD, normalize,
                    false);
        }
        if (returnOpcode == Opcodes.LRETURN && !longValue) {
            mv.visitInsn(Opcodes.I2L);
        }
        mv.visitInsn(returnOpcode);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
