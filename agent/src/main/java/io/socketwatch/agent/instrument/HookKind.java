package io.socketwatch.agent.instrument;

import io.socketwatch.agent.bootstrap.Bridge;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The shapes of code woven into JDK methods. Each is a few instructions that hand what the method already has on
 * its operand stack or in its parameters to {@link Bridge}: nothing is computed, allocated or decided here. A
 * healthy read or write executes one static call before it returns, with the count it returns (see
 * {@link #emitCount}); its failure hook is the exception handler.
 *
 * <p>The equivalent Java, for a read: {@code try { <body> } catch (Throwable t) { throw Bridge.readFailed(t, this);
 * }} (readFailed returns t), with the handler placed last in the exception table so that the method's own handlers
 * still run first and the application sees exactly the same exception.
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
    /**
     * SocketImpl.setOption(int, Object) returned: a java.net.Socket option (SocketOptions id) was set. The option
     * kinds carry no operation code (-1): setting an option is not I/O.
     */
    IMPL_OPTION_SET(-1, false),
    /** setOption(SocketOption, Object) returned (the channel it returns, if any, stays on the stack). */
    OPTION_SET(-1, false),

    // Asynchronous channels (sun.nio.ch.UnixAsynchronous*ChannelImpl). Their failures are not thrown: the JDK hands
    // the Throwable to a completion handler or a future (sun.nio.ch.Invoker, PendingFuture, CompletedFuture). These
    // kinds are woven at each such delivery call, where the Throwable is the last argument, so on top of the stack.
    /** A delivery in a method that initiates the operation on the caller's thread (implRead, implWrite, ...). */
    ASYNC_CONNECT_NOW(Bridge.CONNECT, false),
    ASYNC_READ_NOW(Bridge.READ, false),
    ASYNC_WRITE_NOW(Bridge.WRITE, false),
    ASYNC_ACCEPT_NOW(Bridge.ACCEPT, false),
    /** A delivery on the channel group's thread, once the kernel answered (finishRead, onEvent, implClose, ...). */
    ASYNC_CONNECT_LATER(Bridge.CONNECT | Bridge.ASYNC_LATER, false),
    ASYNC_READ_LATER(Bridge.READ | Bridge.ASYNC_LATER, false),
    ASYNC_WRITE_LATER(Bridge.WRITE | Bridge.ASYNC_LATER, false),
    ASYNC_ACCEPT_LATER(Bridge.ACCEPT | Bridge.ASYNC_LATER, false),
    /**
     * The read and write timeout tasks (anonymous Runnables of the channel): the channel is their {@code this$0};
     * the operation is read or write after the outer field the task reads (readHandler or writeHandler, ...).
     */
    ASYNC_TIMEOUT(Bridge.ASYNC_LATER, false),
    /** An asynchronous channel became connected (private setConnected()): on return. */
    ASYNC_CONNECTED(Bridge.CONNECT, false),
    /** An asynchronous listener made the accepted channel (finishAccept): on return, the channel on the stack. */
    ASYNC_ACCEPTED(Bridge.ACCEPT, false),
    /** Invoker.invokeUnchecked(handler, attachment, value, exc), static: the completion handler is about to run. */
    HANDLER_INVOKED(Bridge.ASYNC_LATER, false),
    /** PendingFuture.get(..) throwing: the application collects a failure through a Future. */
    FUTURE_GET(Bridge.ASYNC_LATER, false),

    // TLS and the JDK HttpClient.
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
    HTTP_EXCHANGE(-1, false),
    /**
     * AsyncSSLConnection.connectAsync(Exchange): on entry, the HTTPS connection and the exchange that asked for it.
     * Under the default HTTP/2 preference no HTTP/1.1 exchange is bound before the TLS handshake (ALPN), so this is
     * where the request's call site reaches the connection.
     */
    HTTP_CONNECTING(-1, false);

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
        return this == CLOSE || this == HANDLER_INVOKED || this == TLS_FATAL || this == HTTP_CONNECTING;
    }

    boolean hooksReturn() {
        return this == CONNECT || this == CHANNEL_CONNECT || this == FINISH_CONNECT || this == IMPL_ACCEPT
                || this == CHANNEL_ACCEPT || this == ASYNC_CONNECTED || this == ASYNC_ACCEPTED
                || this == IMPL_OPTION_SET || this == OPTION_SET || this == TLS_SOCKET_READY || this == HTTP_REQUEST
                || this == HTTP_EXCHANGE;
    }

    /** Constructors get no handler: one covering the super() call would not verify (uninitialized this). */
    boolean hooksThrow() {
        return this != CLOSE && !hooksDelivery() && this != ASYNC_CONNECTED && this != ASYNC_ACCEPTED
                && this != HANDLER_INVOKED && this != IMPL_OPTION_SET && this != OPTION_SET
                && this != TLS_SOCKET_READY && this != HTTP_REQUEST && this != HTTP_EXCHANGE
                && this != HTTP_CONNECTING;
    }

    /** Woven at the calls that hand an asynchronous failure to its handler or future. */
    boolean hooksDelivery() {
        return name().startsWith("ASYNC_") && this != ASYNC_CONNECTED && this != ASYNC_ACCEPTED;
    }

    /** The only kind woven into a static method. */
    boolean hooksStatic() {
        return this == HANDLER_INVOKED;
    }

    /** Needs the declaring class's {@code this$0} field (the timeout tasks, inner classes of the channel). */
    boolean needsOuterField() {
        return this == ASYNC_TIMEOUT;
    }

    /**
     * True if {@code owner.name descriptor} hands an asynchronous I/O result to its consumer with the failure (or
     * null) as its last argument: Invoker.invoke*(.., Throwable), PendingFuture.setResult/setFailure,
     * CompletedFuture.withResult/withFailure (the same on JDK 11, 17 and 25; see build-support/JDK-INTERNALS.md).
     */
    static boolean isDelivery(String owner, String descriptor) {
        return (owner.equals("sun/nio/ch/Invoker") || owner.equals("sun/nio/ch/PendingFuture")
                || owner.equals("sun/nio/ch/CompletedFuture")) && descriptor.contains(THROWABLE + ")");
    }

    /**
     * Before a delivery call: the failure (or null, on success) is on top of the stack and stays there; the bridge
     * gets it with the channel and the operation code. No branch: a successful completion costs one static call
     * that returns at its null check.
     */
    void emitDelivery(MethodVisitor mv, String owner, String outerFieldDescriptor, int operationCode) {
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (this == ASYNC_TIMEOUT) {
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, "this$0", outerFieldDescriptor);
        }
        mv.visitIntInsn(Opcodes.BIPUSH, operationCode);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "asyncDelivered", "(" + THROWABLE + OBJECT + "I)V", false);
    }

    /** The operation code of a delivery of this kind; ASYNC_TIMEOUT adds read or write itself. */
    int operationCode() {
        return operation;
    }

    /** Needs the declaring class's {@code impl} field (JDK 11 socket streams). */
    boolean needsImplField() {
        return socketInImplField;
    }

    /**
     * The read and write kinds also hook their returns, to record the connection's activity (bytes, time): see
     * {@link #emitCount}.
     */
    boolean countsReturn() {
        return this == FAILED_READ || this == FAILED_WRITE || this == STREAM_READ || this == STREAM_WRITE;
    }

    /**
     * Just before a return of a read or write: hands the count to the bridge. An int or long result (bytes read,
     * -1 at end-of-stream; bytes written) is on top of the stack and is duplicated; the void writes
     * (NioSocketImpl.write, SocketChannelImpl.blockingWriteFully, JDK 11 SocketOutputStream.socketWrite, all
     * (byte[] b, int off, int len)) return only once all of {@code len} is written, and none assigns its len
     * parameter, so local 3 is the count. Anything else is left alone.
     */
    void emitCount(MethodVisitor mv, int returnOpcode, String methodDescriptor, String owner,
                   String implFieldDescriptor) {
        String method = operation == Bridge.READ ? "readReturned" : "writeReturned";
        String count;
        if (returnOpcode == Opcodes.IRETURN && methodDescriptor.endsWith(")I")) {
            mv.visitInsn(Opcodes.DUP);
            count = "I";
        } else if (returnOpcode == Opcodes.LRETURN && methodDescriptor.endsWith(")J")) {
            mv.visitInsn(Opcodes.DUP2);
            count = "J";
        } else if (returnOpcode == Opcodes.RETURN && operation == Bridge.WRITE
                && methodDescriptor.equals("([BII)V")) {
            mv.visitVarInsn(Opcodes.ILOAD, 3);
            count = "I";
        } else {
            return;
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (socketInImplField) {
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, "impl", implFieldDescriptor);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, "(" + count + OBJECT + ")V", false);
    }

    /** At method entry. Stack unchanged. */
    void emitEntry(MethodVisitor mv) {
        if (this == HANDLER_INVOKED) {
            // static invokeUnchecked(CompletionHandler handler, Object attachment, Object value, Throwable exc)
            mv.visitVarInsn(Opcodes.ALOAD, 3);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "handlerInvoked", "(" + THROWABLE + OBJECT + ")V", false);
            return;
        }
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (this == HTTP_CONNECTING) {
            // connectAsync(Exchange exchange): local 1.
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "httpConnecting", "(" + OBJECT + OBJECT + ")V", false);
            return;
        }
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
            case IMPL_OPTION_SET:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;",
                        false);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "optionSet", "(" + OBJECT + OBJECT + OBJECT + ")V", false);
                break;
            case OPTION_SET:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "optionSet", "(" + OBJECT + OBJECT + OBJECT + ")V", false);
                break;
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
            case ASYNC_ACCEPTED:
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "acceptReturned", "(" + OBJECT + OBJECT + ")V", false);
                break;
            case ASYNC_CONNECTED:
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "connectReturned", "(Z" + OBJECT + OBJECT + ")V", false);
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
        if (countsReturn()) {
            emitIoHandler(mv, owner, implFieldDescriptor);
            return;
        }
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
            case FUTURE_GET:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "futureFailed", "(" + THROWABLE + OBJECT + ")V", false);
                break;
            case TLS_FATAL:
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "tlsFailed", "(" + THROWABLE + OBJECT + ")V", false);
                break;
            default:
                throw new IllegalStateException(this + " has no handler");
        }
        mv.visitInsn(Opcodes.ATHROW);
    }

    /**
     * The read and write handler, kept to the fewest bytes (5; 8 with the operation pushed and the exception
     * duplicated): the bridge returns the failure, which is rethrown. Every byte added to a read or write method
     * counts against C2's inlining limits (see {@link Bridge#readFailed}).
     */
    private void emitIoHandler(MethodVisitor mv, String owner, String implFieldDescriptor) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        if (socketInImplField) {
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, "impl", implFieldDescriptor);
        }
        String method = operation == Bridge.READ ? "readFailed" : "writeFailed";
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, "(" + THROWABLE + OBJECT + ")" + THROWABLE, false);
        mv.visitInsn(Opcodes.ATHROW);
    }
}
