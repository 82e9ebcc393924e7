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
 * A build step (agent/pom.xml, phase process-classes): rewrites the {@link OutOfLine} marks of the compiled bridge
 * into {@code jdk.internal.vm.annotation.DontInline}, which HotSpot obeys only in classes of the boot or platform
 * class loader (ClassFileParser's "privileged" check, JDK 11 to 25), which is where the agent defines the bridge.
 * The JVM reads the annotation from the class file by name and never loads it; elsewhere (a unit test's class
 * loader) it is ignored. Source code compiled for release 11 cannot name that annotation (java.base does not export
 * its package, and --add-exports is refused with --release), and rewriting at start-up would load ASM in every JVM
 * the agent attaches to: measured +35 ms on a hello world.
 */
public final class BridgeInlining {

    static final String MARK = Type.getDescriptor(OutOfLine.class);
    static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    private BridgeInlining() {
    }

    /** Rewrites io/socketwatch/agent/bootstrap/Bridge.class under the class output directory {@code args[0]}. */
    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Path bridge = java.nio.file.Paths.get(args[0], "io", "socketwatch", "agent", "bootstrap",
                "Bridge.class");
        java.nio.file.Files.write(bridge, markDontInline(java.nio.file.Files.readAllBytes(bridge)));
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
