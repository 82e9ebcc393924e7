package io.socketwatch.agent.event;

import java.io.InputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * "The application code that got it" for an asynchronous failure found on a channel group's thread: that thread's
 * stack is all JDK (EPollPort, the channel's finishRead), and the application learns of the failure only in its
 * CompletionHandler.failed. This names that method, with its file and first line read from the handler's class file
 * (its SourceFile and LineNumberTable), so the report points where the application handles the failure. Looked up
 * once per handler class, on the first failure that needs it; never on a healthy path.
 */
final class CompletionHandlerFrame {

    private static final ClassValue<StackTraceElement> FRAMES = new ClassValue<StackTraceElement>() {
        @Override
        protected StackTraceElement computeValue(Class<?> type) {
            return find(type);
        }
    };

    private CompletionHandlerFrame() {
    }

    /** A call site whose only frame is {@code handler}'s failed method: the callSite of a FailureEvent. */
    static Throwable callSite(Object handler) {
        Throwable site = new Throwable("completion handler");
        site.setStackTrace(new StackTraceElement[] {FRAMES.get(handler.getClass())});
        return site;
    }

    private static StackTraceElement find(Class<?> type) {
        // The failed method may be declared by a superclass (an abstract handler the application extends).
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            StackTraceElement frame = failedMethod(c);
            if (frame != null) {
                return frame;
            }
        }
        return new StackTraceElement(type.getName(), "failed", null, -1);
    }

    /** failed(Throwable, A) declared in {@code type}'s class file, not its compiler-made bridge; null if none. */
    private static StackTraceElement failedMethod(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Finder finder = new Finder();
            new ClassReader(in.readAllBytes()).accept(finder, ClassReader.SKIP_FRAMES);
            return finder.found ? new StackTraceElement(type.getName(), "failed", finder.sourceFile,
                    finder.firstLine) : null;
        } catch (Exception | LinkageError unreadable) {
            return null;
        }
    }

    private static final class Finder extends ClassVisitor {
        String sourceFile;
        boolean found;
        int firstLine = -1;

        Finder() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            if (found || !name.equals("failed") || !descriptor.startsWith("(Ljava/lang/Throwable;")
                    || (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_ABSTRACT)) != 0) {
                return null;
            }
            found = true;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitLineNumber(int line, Label start) {
                    if (firstLine < 0) {
                        firstLine = line;
                    }
                }
            };
        }
    }
}
