package io.socketwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.socketwatch.agent.bootstrap.Bridge;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class BridgeInliningTest {

    @Test
    void theHealthyReadAndWriteEntriesAreMarkedDontInlineAndNothingElseIs() throws Exception {
        byte[] original;
        try (InputStream in = Bridge.class.getResourceAsStream("Bridge.class")) {
            original = in.readAllBytes();
        }
        assertEquals(List.of(), annotated(original, BridgeInlining.DONT_INLINE, true));
        List<String> expected = List.of("readReturned(IL", "readReturned(JL", "writeReturned(IL", "writeReturned(JL");
        assertEquals(expected, annotated(original, BridgeInlining.MARK, false));

        byte[] marked = BridgeInlining.markDontInline(original);
        assertEquals(expected, annotated(marked, BridgeInlining.DONT_INLINE, true));
        assertEquals(List.of(), annotated(marked, BridgeInlining.MARK, false));
    }

    /** Methods (name and first two descriptor characters) carrying {@code annotation} with that visibility. */
    private static List<String> annotated(byte[] classFile, String annotation, boolean visible) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String type, boolean isVisible) {
                        if (type.equals(annotation) && isVisible == visible) {
                            found.add(name + descriptor.substring(0, 3));
                        }
                        return null;
                    }
                };
            }
        }, 0);
        found.sort(null);
        return found;
    }
}
