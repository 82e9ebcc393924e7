package io.socketwatch.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves {@link HookKind} code into the hooked methods of one JDK class. Adds no member and changes no signature,
 * as retransforming an already loaded class requires. The class must be read with EXPAND_FRAMES: the handler's
 * stack map frame is written in expanded form, which ASM only accepts when every frame of the method is.
 */
final class HookWeaver extends ClassVisitor {

    /** Method name + parameter descriptor ({@link Hook#key()}) -> what to weave into it. */
    private final Map<String, HookKind> hooks;
    /** Methods whose count is taken after their one IOStatus.normalize call ({@link NormalizedResults}). */
    private final Set<String> countAfterNormalize;
    private final List<String> woven = new ArrayList<>();
    private String owner;
    private String implFieldDescriptor;
    private String outerFieldDescriptor;

    HookWeaver(ClassVisitor next, Map<String, HookKind> hooks, Set<String> countAfterNormalize) {
        super(Opcodes.ASM9, next);
        this.hooks = hooks;
        this.countAfterNormalize = countAfterNormalize;
    }

    /** What {@link #weave} made: the class file, and the methods woven (as {@link Hook#key()}). */
    static final class Woven {
        final byte[] classFile;
        final List<String> methods;

        Woven(byte[] classFile, List<String> methods) {
            this.classFile = classFile;
            this.methods = methods;
        }
    }

    /**
     * Weaves {@code hooks} into a JDK class file as the agent does, counting read and write results after their one
     * IOStatus.normalize call where the method has one ({@link NormalizedResults}).
     */
    static Woven weave(byte[] classFile, Map<String, HookKind> hooks) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(0);
        HookWeaver weaver = new HookWeaver(writer, hooks, NormalizedResults.methodsCallingOnce(reader));
        reader.accept(weaver, ClassReader.EXPAND_FRAMES);
        return new Woven(writer.toByteArray(), weaver.woven());
    }

    /** The methods woven, as {@link Hook#key()}. */
    List<String> woven() {
        return woven;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        // ClassReader visits fields before methods, so the stream kinds know the impl field's type in time.
        if (name.equals("impl") && (access & Opcodes.ACC_STATIC) == 0) {
            implFieldDescriptor = descriptor;
        }
        if (name.equals("this$0") && (access & Opcodes.ACC_STATIC) == 0) {
            outerFieldDescriptor = descriptor;
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        String key = name + descriptor.substring(0, descriptor.indexOf(')') + 1);
        boolean countAtNormalize = countAfterNormalize.contains(key);
        HookKind kind = hooks.get(key);
        if (kind == null) {
            key = Hook.anyParametersKey(name);
            kind = hooks.get(key);
        }
        // A bridge method (javac's for a covariant return, e.g. AsynchronousSocketChannelImpl.setOption returning
        // NetworkChannel) only calls the real method, which is woven: weaving both would hear one call twice.
        if (kind == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0
                || ((access & Opcodes.ACC_STATIC) != 0) != kind.hooksStatic()
                || (kind.needsImplField() && implFieldDescriptor == null)
                || (kind.needsOuterField() && outerFieldDescriptor == null)) {
            return mv;
        }
        woven.add(key);
        return new HookedMethod(mv, kind, owner, descriptor, kind.needsOuterField() ? outerFieldDescriptor
                : implFieldDescriptor, countAtNormalize && kind.countsReturn());
    }

    /** The woven code of one method: an entry call, calls before returns, and a catch-all handler placed last. */
    private static final class HookedMethod extends MethodVisitor {
        private final HookKind kind;
        private final String owner;
        private final String descriptor;
        private final String implFieldDescriptor;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();
        /** ASYNC_TIMEOUT: READ or WRITE after the last outer field the task read, 0 while unknown. */
        private int timeoutOperation;
        /** The count is taken after the method's one IOStatus.normalize call, not before each return. */
        private final boolean countAtNormalize;

        HookedMethod(MethodVisitor next, HookKind kind, String owner, String descriptor, String implFieldDescriptor,
                     boolean countAtNormalize) {
            super(Opcodes.ASM9, next);
            this.kind = kind;
            this.owner = owner;
            this.descriptor = descriptor;
            this.implFieldDescriptor = implFieldDescriptor;
            this.countAtNormalize = countAtNormalize;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (kind.hooksEntry()) {
                kind.emitEntry(mv);
            }
            if (kind.hooksThrow()) {
                mv.visitLabel(start);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && kind.hooksReturn()) {
                kind.emitBeforeReturn(mv);
            }
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN && kind.countsReturn() && !countAtNormalize) {
                kind.emitCount(mv, opcode, descriptor, owner, implFieldDescriptor);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String fieldDescriptor) {
            if (kind == HookKind.ASYNC_TIMEOUT && opcode == Opcodes.GETFIELD && !fieldOwner.equals(owner)) {
                if (name.startsWith("read")) {
                    timeoutOperation = io.socketwatch.agent.bootstrap.Bridge.READ;
                } else if (name.startsWith("write")) {
                    timeoutOperation = io.socketwatch.agent.bootstrap.Bridge.WRITE;
                }
            }
            super.visitFieldInsn(opcode, fieldOwner, name, fieldDescriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String callee, String name, String calleeDescriptor,
                                    boolean isInterface) {
            if (kind.hooksDelivery() && HookKind.isDelivery(callee, calleeDescriptor)) {
                if (kind != HookKind.ASYNC_TIMEOUT) {
                    kind.emitDelivery(mv, owner, implFieldDescriptor, kind.operationCode());
                } else if (timeoutOperation != 0) {
                    kind.emitDelivery(mv, owner, implFieldDescriptor, kind.operationCode() | timeoutOperation);
                }
            }
            super.visitMethodInsn(opcode, callee, name, calleeDescriptor, isInterface);
            if (countAtNormalize && NormalizedResults.isNormalize(opcode, callee, name)) {
                // The normalized result is on the stack, as the return before each hook would have it.
                kind.emitCount(mv, calleeDescriptor.endsWith(")J") ? Opcodes.LRETURN : Opcodes.IRETURN, descriptor,
                        owner, implFieldDescriptor);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (kind.hooksThrow()) {
                mv.visitLabel(end);
                // Registered after all of the method's own handlers, so those still take precedence.
                mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
                mv.visitLabel(handler);
                Object[] locals = HandlerFrame.locals(owner, descriptor);
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
                kind.emitHandler(mv, owner, implFieldDescriptor);
            }
            // At most four values of our own sit on the stack at once (the exception or result, DUP, two args).
            super.visitMaxs(maxStack + 4, maxLocals);
        }
    }
}
