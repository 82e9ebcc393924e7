package io.socketwatch.agent.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The stack map frame of a woven catch-all handler: its locals are {@code this} and the method's parameters, the
 * only locals valid throughout the body (the JVM's verifier checks this frame at the handler's first instruction).
 * Shared by the JDK and the Netty weavers.
 */
final class HandlerFrame {

    private HandlerFrame() {
    }

    /** {@code this} (of type {@code owner}) and the parameters of an instance method with {@code descriptor}. */
    static Object[] locals(String owner, String descriptor) {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        Object[] locals = new Object[parameters.length + 1];
        locals[0] = owner;
        for (int i = 0; i < parameters.length; i++) {
            locals[i + 1] = frameType(parameters[i]);
        }
        return locals;
    }

    private static Object frameType(Type type) {
        switch (type.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return type.getInternalName();
        }
    }
}
