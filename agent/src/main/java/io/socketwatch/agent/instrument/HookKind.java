package io.socketwatch.agent.instrument;

import io.socketwatch.agent.bootstrap.Bridge;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The shapes of code woven into JDK methods. Each is a few instructions that hand what the method already has on
 * its operand stack or in its parameters to {@link Bridge}: nothing is computed, allocated or decided here, and a
 * healthy read or write executes none of it (its only hook is the exception handler).
 *
 * <p>The equivalent Java, for a read: {@code try { <body> } catch (Throwable t) { Bridge.failed(t, READ, this);
 * throw t; }}, with the handler placed last in the exception table so that the method's own handlers still run
 * first and the application sees exactly the same exception.
 */
enum HookKind {

    /** A read failed: the socket is {@code this}. */
    FAILED_READ(Bridge.READ, false),
    /** A write failed: the socket is {@code this}. */
    FAILED_WRITE(Bridge.WRITE, false),
    /** JDK 11 java.net.SocketInputStream: the socket is its {@code impl} field. */
    STREAM_READ(Bridge.READ, true),
    /** JDK 11 java.net.SocketOutputStream: the socket is its {@code impl} field. */
    STREAM_WRITE(Bridge.WRITE, true),
    /** connect(SocketAddress, ...) returning void: returns only once connected, or throws. */
    CONNECT(Bridge.CONNECT, false),
    /** SocketChannel.connect(SocketAddress) returning boolean: false while a non-blocking connect is pending. */
    CHANNEL_CONNECT(Bridge.CONNECT, false),
    /** SocketChannel.finishConnect() returning boolean. */
    FINISH_CONNECT(Bridge.CONNECT, false),
    /** SocketImpl.accept(SocketImpl): the argument is the accepted connection, filled in by the call. */
    IMPL_ACCEPT(Bridge.ACCEPT, false),
    /** ServerSocketChannel accept returning the accepted channel, or null. */
    CHANNEL_ACCEPT(Bridge.ACCEPT, false),
    /** close(): on entry, while the descriptor is still open. */
    CLOSE(Bridge.CLOSE, false),
    /** SSLSocketImpl.doneConnect(): returns once the TLS socket's transport is connected; {@code this} is the socket. */
    TLS_SOCKET_READY(-1, false),
    /**
     * TransportContext.fatal(Alert, String, boolean, Throwable): on entry (before the JDK writes its alert) with the
     * alert, whether it was received, and the cause; and the exception it throws (it always throws).
     */
    TLS_FATAL(-1, false),
    /** A JDK HttpClient request created on the application's thread (a constructor: return hook only). */
    HTTP_REQUEST(-1, false),
    /** A JDK HttpClient HTTP/1.1 exchange bound to its connection (a constructor: return hook only). */
    HTTP_EXCHANGE(-1, false);

    static final String BRIDGE = "io/socketwatch/agent/bootstrap/Bridge";
    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String THROWABLE = "Ljava/lang/Throwable;";

    private final int operation;
    private final boolean socketInImplField;

    HookKind(int operation, boolean socketInImplField) {
        this.operation = operation;
        this.socketInImplField = socketInImplField;
    }

    boolean hooksEntry() {
        return this == CLOSE || this == TLS_FATAL;
    }

    boolean hooksReturn() {
        return this == CONNECT || this == CHANNEL_CONNECT || this == FINISH_CONNECT || this == IMPL_ACCEPT
                || this == CHANNEL_ACCEPT || this == TLS_SOCKET_READY || this == HTTP_REQUEST
                || this == HTTP_EXCHANGE;
    }

    /** Constructors get no handler: one covering the super() call would not verify (uninitialized this). */
    boolean hooksThrow() {
        return this != CLOSE && this != TLS_SOCKET_READY && this != HTTP_REQUEST && this != HTTP_EXCHANGE;
    }

    /** Needs the declaring class's {@code impl} field (JDK 11 socket streams). */
    boolean needsImplField() {
        return socketInImplField;
    }

    /** At method entry. Stack unchanged. */
    void emitEntry(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (this == TLS_FATAL) {
            // fatal(Alert alert, String diagnostic, boolean recvFatalAlert, Throwable cause): locals 1, 3, 4.
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 3);
            mv.visitVarInsn(Opcodes.ALOAD, 4);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "tlsFailing", "(" + OBJECT + OBJECT + "Z" + THROWABLE
                    + ")V", false);
            return;
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "closing", "(" + OBJECT + ")V", false);
    }

    /** Just before a return instruction; the return value (if any) is on top of the stack and stays there. */
    void emitBeforeReturn(MethodVisitor mv) {
        switch (this) {
            case CONNECT:
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "connectReturned", "(Z" + OBJECT + OBJECT + ")V", false);
                break;
            case CHANNEL_CONNECT:
            case FINISH_CONNECT:
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                if (this == CHANNEL_CONNECT) {
                    mv.visitVarInsn(Opcodes.ALOAD, 1);
                } else {
                    mv.visitInsn(Opcodes.ACONST_NULL);
                }
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "connectReturned", "(Z" + OBJECT + OBJECT + ")V", false);
                break;
            case IMPL_ACCEPT:
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acceptReturned", "(" + OBJECT + OBJECT + ")V", false);
                break;
            case CHANNEL_ACCEPT:
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acceptReturned", "(" + OBJECT + OBJECT + ")V", false);
                break;
            case TLS_SOCKET_READY:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "tlsSocketReady", "(" + OBJECT + ")V", false);
                break;
            case HTTP_REQUEST:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "httpRequestCreated", "(" + OBJECT + ")V", false);
                break;
            case HTTP_EXCHANGE:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "httpExchangeCreated", "(" + OBJECT + ")V", false);
                break;
            default:
                throw new IllegalStateException(this + " has no return hook");
        }
    }

    /**
     * The catch-all handler: the thrown exception is the only stack entry; it is reported and rethrown unchanged.
     * {@code owner}/{@code implField} locate the socket for the stream kinds.
     */
    void emitHandler(MethodVisitor mv, String owner, String implFieldDescriptor) {
        mv.visitInsn(Opcodes.DUP);
        switch (this) {
            case CONNECT:
            case CHANNEL_CONNECT:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "connectFailed", "(" + THROWABLE + OBJECT + OBJECT + ")V", false);
                break;
            case FINISH_CONNECT:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "connectFailed", "(" + THROWABLE + OBJECT + OBJECT + ")V", false);
                break;
            case IMPL_ACCEPT:
            case CHANNEL_ACCEPT:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acceptFailed", "(" + THROWABLE + OBJECT + ")V", false);
                break;
            case TLS_FATAL:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "tlsFailed", "(" + THROWABLE + OBJECT + ")V", false);
                break;
            default:
                mv.visitIntInsn(Opcodes.BIPUSH, operation);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                if (socketInImplField) {
                    mv.visitFieldInsn(Opcodes.GETFIELD, owner, "impl", implFieldDescriptor);
                }
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "failed", "(" + THROWABLE + "I" + OBJECT + ")V", false);
        }
        mv.visitInsn(Opcodes.ATHROW);
    }
}
