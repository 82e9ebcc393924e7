package io.socketwatch.agent.instrument;

import io.socketwatch.agent.bootstrap.Bridge;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The shapes of code woven into Netty's classes (any copy of Netty, relocated or not, in any class loader). Like
 * {@link HookKind}, each hands what the method already has to {@link Bridge}; the failure shapes are a catch-all
 * handler placed last in the exception table, so a healthy call executes none of it and the application gets the
 * same exception.
 */
enum NettyHook {

    /** AbstractChannel's constructors, on return: (this, parent). */
    CREATED(-1),
    /** AbstractNioChannel's constructors, on return: (this, parent, the JDK SelectableChannel). */
    WRAPS_JDK_CHANNEL(-1),
    /** AbstractEpollChannel.doReadBytes(ByteBuf): the channel is {@code this}. */
    FAILED_READ(Bridge.READ),
    /** AbstractEpollStreamChannel.doWrite(ChannelOutboundBuffer): the channel is {@code this}. */
    FAILED_WRITE(Bridge.WRITE),
    /** AbstractEpollChannel.doConnect(SocketAddress remote, SocketAddress local): the channel is {@code this}. */
    FAILED_CONNECT(Bridge.CONNECT),
    /** AbstractEpollChannel$AbstractEpollUnsafe.doFinishConnect(): the channel is the outer instance, this$0. */
    FAILED_FINISH_CONNECT(Bridge.CONNECT);

    static final String OUTER_INSTANCE = "this$0";
    private static final String OBJECT = "Ljava/lang/Object;";

    private final int operation;

    NettyHook(int operation) {
        this.operation = operation;
    }

    /** What is lost without this hook, for the warning when a Netty version lacks the method. */
    String observes() {
        switch (this) {
            case CREATED: return "where Netty channels were created";
            case WRAPS_JDK_CHANNEL: return "where Netty NIO channels were created";
            case FAILED_READ: return "epoll reads";
            case FAILED_WRITE: return "epoll writes";
            default: return "epoll connects";
        }
    }

    boolean hooksReturn() {
        return this == CREATED || this == WRAPS_JDK_CHANNEL;
    }

    boolean hooksThrow() {
        return operation >= 0;
    }

    boolean needsOuterInstance() {
        return this == FAILED_FINISH_CONNECT;
    }

    /** Just before a constructor's RETURN; the operand stack is empty there and stays so. */
    void emitBeforeReturn(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        if (this == CREATED) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookKind.BRIDGE, "nettyChannelCreated",
                    "(" + OBJECT + OBJECT + ")V", false);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookKind.BRIDGE, "nettyChannelWraps",
                    "(" + OBJECT + OBJECT + OBJECT + ")V", false);
        }
    }

    /** The catch-all handler: the thrown exception is the only stack entry; reported, then rethrown unchanged. */
    void emitHandler(MethodVisitor mv, String owner, String outerDescriptor) {
        mv.visitInsn(Opcodes.DUP);
        mv.visitIntInsn(Opcodes.BIPUSH, operation);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (needsOuterInstance()) {
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, OUTER_INSTANCE, outerDescriptor);
        }
        if (this == FAILED_CONNECT) {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
        } else {
            mv.visitInsn(Opcodes.ACONST_NULL);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookKind.BRIDGE, "nettyChannelFailed",
                "(Ljava/lang/Throwable;I" + OBJECT + OBJECT + ")V", false);
        mv.visitInsn(Opcodes.ATHROW);
    }
}
