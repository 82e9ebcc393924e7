package io.socketwatch.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves {@link NettyHook} code into one Netty class. Adds no member and changes no signature (a class may already
 * be loaded and need retransforming). Read with EXPAND_FRAMES, like {@link HookWeaver}, for the handler's frame.
 */
final class NettyWeaver extends ClassVisitor {

    private final List<NettyTargets.Target> targets;
    private final String prefix;
    private final List<NettyTargets.Target> woven = new ArrayList<>();
    private String owner;
    private String outerDescriptor;

    NettyWeaver(ClassVisitor next, List<NettyTargets.Target> targets, String prefix) {
        super(Opcodes.ASM9, next);
        this.targets = targets;
        this.prefix = prefix;
    }

    List<NettyTargets.Target> woven() {
        return woven;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        // Fields are visited before methods: the inner unsafe class's reference to its channel is known in time.
        if (name.equals(NettyHook.OUTER_INSTANCE) && (access & Opcodes.ACC_STATIC) == 0) {
            outerDescriptor = descriptor;
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return mv;
        }
        String normalized = NettyTargets.normalize(descriptor, prefix);
        for (NettyTargets.Target target : targets) {
            if (target.method.equals(name) && normalized.startsWith(target.descriptorPrefix)
                    && (!target.hook.needsOuterInstance() || outerDescriptor != null)) {
                woven.add(target);
                return new HookedMethod(mv, target.hook, owner, descriptor, outerDescriptor);
            }
        }
        return mv;
    }

    /** Calls before each return, or a catch-all handler registered after the method's own ones. */
    private static final class HookedMethod extends MethodVisitor {
        private final NettyHook hook;
        private final String owner;
        private final String descriptor;
        private final String outerDescriptor;
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        HookedMethod(MethodVisitor next, NettyHook hook, String owner, String descriptor, String outerDescriptor) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.owner = owner;
            this.descriptor = descriptor;
            this.outerDescriptor = outerDescriptor;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (hook.hooksThrow()) {
                mv.visitLabel(start);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN && hook.hooksReturn()) {
                hook.emitBeforeReturn(mv);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (hook.hooksThrow()) {
                mv.visitLabel(end);
                mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
                mv.visitLabel(handler);
                Object[] locals = HandlerFrame.locals(owner, descriptor);
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
                hook.emitHandler(mv, owner, outerDescriptor);
            }
            // The handler holds at most five values (exception, its copy, operation, channel, remote).
            super.visitMaxs(Math.max(maxStack, 0) + 5, maxLocals);
        }
    }
}
