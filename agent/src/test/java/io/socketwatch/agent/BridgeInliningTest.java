package io.socketwatch.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** The build step ran: the bridge the agent ships has DontInline exactly where the source says @OutOfLine. */
class BridgeInliningTest {

    private static final List<String> OUT_OF_LINE =
            List.of("readReturned(IL", "readReturned(JL", "writeReturned(IL", "writeReturned(JL");

    @Test
    void theBuiltBridgeMarksItsHealthyReadAndWriteEntriesDontInline() throws Exception {
        byte[] built = builtBridge();
        assertEquals(OUT_OF_LINE, annotated(built, BridgeInlining.DONT_INLINE, true));
        assertEquals(List.of(), annotated(built, BridgeInlining.MARK, false));
    }

    @Test
    void rewritingTwiceChangesNothingMore() throws Exception {
        byte[] built = builtBridge();
        assertArrayEquals(built, BridgeInlining.markDontInline(built));
    }

    private static byte[] builtBridge() throws java.io.IOException {
        try (InputStream in = Bridge.class.getResourceAsStream("Bridge.class")) {
            return in.readAllBytes();
        }
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
