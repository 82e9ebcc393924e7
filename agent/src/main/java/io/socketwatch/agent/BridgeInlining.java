package io.socketwatch.agent;

import io.socketwatch.agent.bootstrap.OutOfLine;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the {@link OutOfLine} marks of a bridge class into {@code jdk.internal.vm.annotation.DontInline}, which
 * HotSpot obeys only in classes of the boot or platform class loader (ClassFileParser's "privileged" check, JDK 11
 * to 25), which is where the bridge is defined. The JVM reads the annotation from the class file by name and never
 * loads it; elsewhere (a unit test's class loader) it is ignored.
 */
final class BridgeInlining {

    static final String MARK = Type.getDescriptor(OutOfLine.class);
    static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    private BridgeInlining() {
    }

    /** The class file with each {@link OutOfLine} method annotated DontInline (runtime-visible) instead. */
    static byte[] markDontInline(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        return annotation.equals(MARK) ? super.visitAnnotation(DONT_INLINE, true)
                                : super.visitAnnotation(annotation, visible);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
