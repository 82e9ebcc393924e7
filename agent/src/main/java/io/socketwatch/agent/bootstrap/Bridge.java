package io.socketwatch.agent.bootstrap;

/**
 * The only agent code that instrumented JDK methods call. Code woven into java.base sees the bootstrap class loader
 * only, so this class sits there and forwards to the {@link SocketEvents} handler the agent installs. Every entry
 * point contains the handler's failures: the application never sees one.
 *
 * <p>Parameters are ordered for the woven bytecode: the value already on the operand stack (the exception being
 * thrown, the value being returned) comes first, so the hook is a DUP and a call.
 */
public final class Bridge {

    public static final int CONNECT = 0;
    public static final int ACCEPT = 1;
    public static final int READ = 2;
    public static final int WRITE = 3;
    public static final int CLOSE = 4;
    /**
     * Added to an operation code by asynchronous channel hooks: the failure was found on the channel group's thread,
     * not on the thread that started the operation (see {@link #asyncDelivered}).
     */
    public static final int ASYNC_LATER = 16;

    private static volatile SocketEvents events;
    private static final java.util.concurrent.atomic.AtomicLong contained = new java.util.concurrent.atomic.AtomicLong();

    private Bridge() {
    }

    public static void install(SocketEvents handler) {
        events = handler;
    }

    /** Failures of the agent itself that were caught here and never reached the application. */
    public static long containedFailures() {
        return contained.get();
    }

    /** A read or write ({@code operation}) on {@code socket} is throwing {@code failure}. */
    public static void failed(Throwable failure, int operation, Object socket) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.operationFailed(operation, socket, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * A read on {@code socket} is throwing {@code failure}, which this returns for the woven handler to rethrow. The
     * woven code is then {@code ALOAD 0, INVOKESTATIC, ATHROW}: five bytes instead of eight, which matters because
     * C2 inlines a hot method only up to FreqInlineSize (325) bytes of bytecode and JDK 17's
     * SocketChannelImpl.read(ByteBuffer) already has 314 (see {@link #failed} for the work).
     */
    public static Throwable readFailed(Throwable failure, Object socket) {
        failed(failure, READ, socket);
        return failure;
    }

    /** A write on {@code socket} is throwing {@code failure}, returned for the woven handler to rethrow. */
    public static Throwable writeFailed(Throwable failure, Object socket) {
        failed(failure, WRITE, socket);
        return failure;
    }

    /**
     * A read on {@code socket} returned {@code n} (bytes, -1 at end-of-stream, 0 if nothing was ready). Called on
     * every successful read: a few field writes on the connection's {@link Traffic}, found in {@link TrafficIndex};
     * connections without a slot there go through the handler and its ledger.
     */
    @OutOfLine
    public static void readReturned(int n, Object socket) {
        recordRead(n, socket);
    }

    /** A scattering read returned {@code n}. */
    @OutOfLine
    public static void readReturned(long n, Object socket) {
        recordRead(n, socket);
    }

    /** A write on {@code socket} returned having written {@code n} bytes. Called on every successful write. */
    @OutOfLine
    public static void writeReturned(int n, Object socket) {
        recordWrite(n, socket);
    }

    /** A gathering write returned {@code n}. */
    @OutOfLine
    public static void writeReturned(long n, Object socket) {
        recordWrite(n, socket);
    }

    /** Field writes only on the fast path: nothing there can throw, so it needs no containment. */
    private static void recordRead(long n, Object socket) {
        if (n == 0) {
            return; // a non-blocking read found nothing: not activity
        }
        Traffic traffic = TrafficIndex.find(socket);
        if (traffic != null) {
            traffic.read(n, CoarseTime.now());
            return;
        }
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.dataRead(socket, n);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    private static void recordWrite(long n, Object socket) {
        if (n == 0) {
            return; // a non-blocking write could not write: not activity
        }
        Traffic traffic = TrafficIndex.find(socket);
        if (traffic != null) {
            traffic.wrote(n, CoarseTime.now());
            return;
        }
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.dataWritten(socket, n);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** A connect returned: {@code connected} false means a non-blocking connect is still pending. */
    public static void connectReturned(boolean connected, Object socket, Object remote) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.connectEnded(socket, remote, connected, null);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** A connect (or finishConnect, with a null remote) is throwing {@code failure}. */
    public static void connectFailed(Throwable failure, Object socket, Object remote) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.connectEnded(socket, remote, false, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** An accept on {@code listener} returned {@code accepted}; null when non-blocking and nothing was pending. */
    public static void acceptReturned(Object accepted, Object listener) {
        SocketEvents handler = events;
        if (handler != null && accepted != null) {
            try {
                handler.acceptEnded(listener, accepted, null);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    public static void acceptFailed(Throwable failure, Object listener) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.acceptEnded(listener, null, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** The application is closing {@code socket}; its descriptor is still open. */
    public static void closing(Object socket) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.closing(socket);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * An asynchronous channel ({@code channel}) is handing the result of {@code operation} to its completion handler
     * or future; {@code failure} is null when the operation succeeded, which costs this null check only.
     */
    public static void asyncDelivered(Throwable failure, Object channel, int operation) {
        if (failure == null) {
            return;
        }
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.asyncFailed(operation & ~ASYNC_LATER, channel, failure, (operation & ASYNC_LATER) != 0);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** Netty: a channel's constructor returned; {@code parent} is the server channel that accepted it, or null. */
    public static void nettyChannelCreated(Object channel, Object parent) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.nettyChannelCreated(channel, parent);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** A completion handler is about to get {@code failure} (null: its completed method is about to run). */
    public static void handlerInvoked(Throwable failure, Object completionHandler) {
        if (failure == null) {
            return;
        }
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.asyncFailureCollected(failure, completionHandler, null);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** Netty's NIO transport: the constructor of {@code channel} returned; it wraps {@code jdkChannel}. */
    public static void nettyChannelWraps(Object channel, Object parent, Object jdkChannel) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.nettyChannelWraps(channel, parent, jdkChannel);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** {@code future}.get() is throwing {@code thrown} to the application (an ExecutionException, usually). */
    public static void futureFailed(Throwable thrown, Object future) {
        SocketEvents handler = events;
        if (handler != null && thrown instanceof java.util.concurrent.ExecutionException) {
            try {
                handler.asyncFailureCollected(thrown.getCause(), future, thrown);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** Netty's native transport: {@code operation} on {@code channel} is throwing {@code failure}. */
    public static void nettyChannelFailed(Throwable failure, int operation, Object channel, Object remote) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.nettyChannelFailed(operation, channel, remote, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * Netty's SslHandler is being added to a pipeline (handlerAdded, on entry: before it may start the handshake):
     * {@code engine} is its SSLEngine, {@code ctx} its ChannelHandlerContext, whose channel carries the records.
     */
    public static void nettyTlsHandlerAdded(Object engine, Object ctx) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.nettyTlsHandlerAdded(engine, ctx);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * A TLS socket (sun.security.ssl.SSLSocketImpl) finished connecting its transport: client connect, server accept,
     * or layered over an existing socket. No TLS byte has been read or written yet.
     */
    public static void tlsSocketReady(Object sslSocket) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.tlsSocketReady(sslSocket);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * A socket option was set on {@code socket}: {@code option} is a java.net.SocketOption, or the Integer id of
     * java.net.SocketOptions (SocketImpl.setOption(int, Object)). Options are set rarely, never per read or write.
     */
    public static void optionSet(Object socket, Object option, Object value) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.optionSet(socket, option, value);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * A TLS connection (its sun.security.ssl.TransportContext) is about to fail fatally: {@code alert} is the alert
     * it sends, or the one it received when {@code received}; {@code cause} may be null. Called before the JDK
     * writes its alert, so that a transport failure of that write is known to be a follow-on.
     */
    public static void tlsFailing(Object context, Object alert, boolean received, Throwable cause) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.tlsFailing(context, alert, received, cause);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** The fatal TLS failure of {@code context} is being thrown as {@code failure}. */
    public static void tlsFailed(Throwable failure, Object context) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.tlsFailed(context, failure);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /**
     * {@code engine} (any javax.net.ssl.SSLEngine) carries its records over {@code transport} (a SocketChannel, or a
     * SocketImpl): the one call an SSLEngine user's hook makes so that failures of either side are known to be one
     * connection's (marked TLS at the transport; follow-ons not reported twice).
     */
    public static void tlsEngineBound(Object engine, Object transport) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.tlsEngineBound(engine, transport);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** The JDK HttpClient created a request (jdk.internal.net.http.MultiExchange) on the application's thread. */
    public static void httpRequestCreated(Object request) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.httpRequestCreated(request);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** The JDK HttpClient is connecting {@code connection} (an AsyncSSLConnection) for {@code exchange}. */
    public static void httpConnecting(Object connection, Object exchange) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.httpConnecting(connection, exchange);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    /** The JDK HttpClient bound an HTTP/1.1 exchange (jdk.internal.net.http.Http1Exchange) to its connection. */
    public static void httpExchangeCreated(Object exchange) {
        SocketEvents handler = events;
        if (handler != null) {
            try {
                handler.httpExchangeCreated(exchange);
            } catch (Throwable error) {
                contain(handler, error);
            }
        }
    }

    private static void contain(SocketEvents handler, Throwable error) {
        contained.incrementAndGet();
        try {
            handler.internalError(error);
        } catch (Throwable ignored) {
            // Reporting the failure failed too; the count above still tells.
        }
    }
}
