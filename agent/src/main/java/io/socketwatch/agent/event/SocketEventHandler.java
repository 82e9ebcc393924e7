package io.socketwatch.agent.event;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.SocketEvents;
import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.FailureClassifier;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.ResetCause;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.diagnose.ConnectionSnapshot;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.ledger.Connection;
import io.socketwatch.agent.ledger.ConnectionContext;
import io.socketwatch.agent.ledger.ConnectionLedger;
import io.socketwatch.agent.ledger.CoarseClock;
import io.socketwatch.agent.ledger.CreationSites;
import io.socketwatch.agent.ledger.CreationStack;
import io.socketwatch.agent.ledger.OptionsSet;
import io.socketwatch.agent.ledger.TlsLink;
import io.socketwatch.agent.ledger.TlsProbe;
import io.socketwatch.agent.ledger.SocketProbe;
import io.socketwatch.agent.ledger.WeakIdentityMap;
import io.socketwatch.agent.netty.NettyEvents;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Instant;

/**
 * Receives what the advice saw, keeps the ledger, and turns failures into classified events. Runs on application
 * threads: connects, accepts and closes pay a map update. Healthy reads and writes are recorded by the bridge itself
 * in the connection's Traffic; only those of connections without a slot in TrafficIndex come here, for a map
 * lookup ({@link #dataRead}, {@link #dataWritten}).
 */
public final class SocketEventHandler implements SocketEvents {

    private final ConnectionLedger ledger;
    private final FailureSink sink;
    /**
     * Asynchronous failures found on a channel group's thread, keyed by the Throwable, until the application gets
     * them (its completion handler runs, or its Future.get throws): only then is its code on a stack. Weakly held,
     * so a failure the application never collects (a Future nobody calls get on) leaves nothing behind; for that the
     * value must not hold the key, so the parked event has no Throwable until it is collected.
     */
    private final WeakIdentityMap<Throwable, FailureEvent> uncollected = new WeakIdentityMap<>();
    private final CreationSites sites = new CreationSites();
    private final NettyEvents netty;
    private final TlsFailures tls;
    private final HttpClientRequests httpClient;
    /** Frames of the creation stack kept per connection (socketwatch.connection.stack.depth); 0: not captured. */
    private final int creationDepth;

    public SocketEventHandler(ConnectionLedger ledger, FailureSink sink) {
        this(ledger, sink, 0);
    }

    public SocketEventHandler(ConnectionLedger ledger, FailureSink sink, int creationDepth) {
        this.ledger = ledger;
        this.sink = sink;
        this.netty = new NettyEvents(sites, sink, ledger);
        this.tls = new TlsFailures(ledger, sink);
        this.httpClient = new HttpClientRequests(ledger, tls);
        this.creationDepth = creationDepth;
    }

    @Override
    public void dataRead(Object socket, long n) {
        Connection connection = ledger.find(socket);
        if (connection != null) {
            connection.traffic().read(n, CoarseClock.now());
        }
    }

    @Override
    public void dataWritten(Object socket, long n) {
        Connection connection = ledger.find(socket);
        if (connection != null) {
            connection.traffic().wrote(n, CoarseClock.now());
        }
    }

    @Override
    public void connectEnded(Object socket, Object remote, boolean connected, Throwable failure) {
        if (remote != null && !(remote instanceof InetSocketAddress)) {
            return; // a Unix domain socket channel: not TCP
        }
        Connection known = ledger.find(socket);
        if (failure == null) {
            if (known == null) {
                InetSocketAddress peer = remote != null ? (InetSocketAddress) remote : SocketProbe.remote(socket);
                Connection opened = ledger.opened(socket, Role.CLIENT, InternalThreads.isCurrent(), peer, null);
                captureCreation(opened);
                CoarseClock.ensureStarted();
            }
            return;
        }
        if (known != null ? known.internal() : InternalThreads.isCurrent()) {
            return;
        }
        InetSocketAddress peer = remote != null ? (InetSocketAddress) remote
                : known != null ? known.remote() : SocketProbe.remote(socket);
        ErrorType type = FailureClassifier.classify(Operation.CONNECT, failure);
        ConnectionContext context = ledger.contextIfAny(socket);
        TlsLink link = context == null ? null : context.tls();
        if (type == null || type == ErrorType.SOCKET_CLOSED && context != null && context.connectFailed()
                || link != null && !TlsFailures.claimTransportFailure(link, type)) {
            // A connect on a channel whose connect already failed: the JDK closed the channel when its
            // finishConnect failed, and the JDK HttpClient retries the connect on that same channel once
            // (PlainHttpConnection.checkRetryConnect), getting ClosedChannelException. A follow-on, not a failure.
            return;
        }
        report(Operation.CONNECT, type, failure, Role.CLIENT, peer, known != null ? known.local() : null, socket, context);
        ledger.context(socket).markConnectFailed();
    }

    @Override
    public void acceptEnded(Object listener, Object accepted, Throwable failure) {
        boolean internal = InternalThreads.isCurrent();
        if (failure == null) {
            if (accepted != null && SocketProbe.isSocket(accepted)) {
                InetSocketAddress peer = SocketProbe.remote(accepted);
                if (peer != null) {
                    captureCreation(ledger.opened(accepted, Role.SERVER, internal, peer, null));
                    CoarseClock.ensureStarted();
                }
            }
            return;
        }
        if (!internal) {
            report(Operation.ACCEPT, FailureClassifier.classify(Operation.ACCEPT, failure), failure, Role.SERVER, null,
                    listenerAddress(listener), listener, null);
        }
    }

    @Override
    public void operationFailed(int operationCode, Object socket, Throwable failure) {
        Connection connection = ledger.find(socket);
        if (connection != null ? connection.internal() : InternalThreads.isCurrent()) {
            return;
        }
        Operation operation = Operation.fromBridgeCode(operationCode);
        ErrorType type = FailureClassifier.classify(operation, failure);
        if (type == null) {
            return;
        }
        if (connection == null) {
            connection = ledger.findOrAdopt(socket, false, SocketProbe.remote(socket), SocketProbe.local(socket));
        }
        if (type == ErrorType.CONNECTION_RESET || type == ErrorType.BROKEN_PIPE) {
            connection.peerReset();
            if (operation == Operation.READ && type == ErrorType.CONNECTION_RESET && !connection.firstReadReset()) {
                return; // the JDK's sticky rethrow, not a new reset
            }
        }
        ConnectionContext context = ledger.contextIfAny(socket);
        TlsLink link = context == null ? null : context.tls();
        if (link != null && !TlsFailures.claimTransportFailure(link, type)) {
            return; // a follow-on of a TLS connection already reported broken (e.g. the fatal alert written on it)
        }
        report(operation, type, failure, connection.role(), connection.remote(), connection.local(socket), socket,
                context, ConnectionSnapshot.of(connection, ledger.options(socket)));
    }

    @Override
    public void closing(Object socket) {
        Connection connection = ledger.closing(socket);
        OptionsSet options = ledger.takeOptions(socket);
        boolean lingerZero = options != null && options.lingerZero();
        if (connection == null || connection.internal() || connection.wasReset()) {
            return;
        }
        int unread = connection.traffic().sawEndOfStream() ? 0 : SocketProbe.unreadBytes(socket);
        ResetCause cause = ResetCause.of(unread, unread <= 0 && lingerZero);
        if (cause == null) {
            return; // a healthy close: no context lookup for it
        }
        ConnectionContext context = ledger.contextIfAny(socket);
        TlsLink link = context == null ? null : context.tls();
        if (link != null && (link.broken() || !link.markBroken())) {
            return; // closing a TLS connection whose failure was reported (the unread records of a failed handshake)
        }
        // No exception exists for this failure: capture where the application closed the socket.
        Throwable closeSite = new Throwable("close");
        sink.accept(new FailureEvent(nowNanos(), Operation.CLOSE, ErrorType.RESET_SENT, connection.role(),
                connection.remote(), connection.local(socket), null, closeSite, cause, Math.max(unread, 0),
                Thread.currentThread().getName(), sites.find(socket),
                link == null ? null : TlsFailures.transportFacts(link),
                context == null ? null : context.applicationSite())
                .withConnection(ConnectionSnapshot.of(connection, options)));
    }

    @Override
    public void optionSet(Object socket, Object option, Object value) {
        if (option == StandardSocketOptions.SO_LINGER
                || (option instanceof Integer && (Integer) option == SocketOptions.SO_LINGER)) {
            // Socket.setSoLinger passes Integer(timeout) or Boolean.FALSE; StandardSocketOptions.SO_LINGER an
            // Integer, negative for off. Only "on, 0 seconds" makes close() send RST.
            ledger.lingerSet(socket, value instanceof Integer && (Integer) value == 0);
        } else if (option instanceof Integer && (Integer) option == SocketOptions.SO_TIMEOUT
                && value instanceof Integer) {
            // Socket.setSoTimeout ends in SocketImpl.setOption(SO_TIMEOUT, Integer) (JDK 11's impl and NioSocketImpl).
            ledger.soTimeoutSet(socket, (Integer) value);
        } else if ((option == StandardSocketOptions.SO_KEEPALIVE
                || (option instanceof Integer && (Integer) option == SocketOptions.SO_KEEPALIVE))
                && value instanceof Boolean) {
            ledger.keepAliveSet(socket, (Boolean) value);
        }
    }

    @Override
    public void asyncFailed(int operationCode, Object channel, Throwable failure, boolean later) {
        Operation operation = Operation.fromBridgeCode(operationCode);
        ErrorType type = FailureClassifier.classifyAsync(operation, failure);
        if (type == null) {
            return;
        }
        FailureEvent event;
        if (operation == Operation.ACCEPT) {
            event = event(operation, type, failure, Role.SERVER, null, SocketProbe.asyncListenerLocal(channel));
        } else if (operation == Operation.CONNECT) {
            // A failed connect closes the channel before delivering the failure: its facts left the ledger.
            event = event(operation, type, failure, Role.CLIENT, SocketProbe.pendingRemote(channel), null);
        } else {
            Connection connection = ledger.find(channel);
            if (connection != null && connection.internal()) {
                return;
            }
            if (connection == null) {
                connection = ledger.findOrAdopt(channel, false, SocketProbe.remote(channel),
                        SocketProbe.local(channel));
            }
            if (type == ErrorType.CONNECTION_RESET || type == ErrorType.BROKEN_PIPE) {
                connection.peerReset();
                if (operation == Operation.READ && type == ErrorType.CONNECTION_RESET
                        && !connection.firstReadReset()) {
                    return;
                }
            }
            event = event(operation, type, failure, connection.role(), connection.remote(),
                    connection.local(channel)).withConnection(ConnectionSnapshot.of(connection, null));
        }
        if (later) {
            uncollected.put(failure, new FailureEvent(event.epochNanos(), operation, type, event.role(), event.peer(),
                    event.local(), null, null, null, 0, event.threadName()).withConnection(event.connection()));
        } else {
            // Found on the thread that started the operation: the failure's own stack has the application's call.
            sink.accept(event);
        }
    }

    @Override
    public void asyncFailureCollected(Throwable failure, Object consumer, Throwable thrown) {
        if (failure == null) {
            return;
        }
        Throwable parked = failure;
        FailureEvent found = uncollected.remove(parked);
        if (found == null && failure.getCause() != null) {
            // PendingFuture.setFailure wraps a failure that is not an IOException in one.
            parked = failure.getCause();
            found = uncollected.remove(parked);
        }
        if (found == null) {
            return; // not a socket failure, or reported already where it happened
        }
        // A Future's ExecutionException is made by get() on the application's thread; a handler runs on a pool thread
        // whose stack is the JDK's until failed() starts, so its failed method stands for it.
        Throwable callSite = thrown != null ? thrown : CompletionHandlerFrame.callSite(consumer);
        sink.accept(new FailureEvent(found.epochNanos(), found.operation(), found.errorType(), found.role(),
                found.peer(), found.local(), parked, callSite, null, 0, Thread.currentThread().getName())
                .withConnection(found.connection()));
    }

    @Override
    public void tlsSocketReady(Object sslSocket) {
        tls.socketReady(sslSocket);
    }

    @Override
    public void tlsEngineBound(Object engine, Object transport) {
        tls.engineBound(engine, transport);
    }

    @Override
    public void tlsFailing(Object context, Object alert, boolean received, Throwable cause) {
        tls.failing(context, alert, received, cause);
    }

    @Override
    public void tlsFailed(Object context, Throwable failure) {
        tls.failed(context, failure);
    }

    /**
     * Netty's SslHandler joins a channel: its engine's session is linked to the channel's transport, as the JDK
     * HttpClient's are (once per TLS connection: a few reflective reads). Failures on Netty's event loop name where
     * the application created the channel, so that is where a TLS failure points too.
     */
    @Override
    public void nettyTlsHandlerAdded(Object engine, Object ctx) {
        Object transport = netty.tlsTransport(ctx);
        if (transport == null || engine == null) {
            return;
        }
        Object jdkEngine = TlsProbe.context(engine) != null ? engine : NettyEvents.unwrapEngine(engine);
        tls.engineBound(jdkEngine, transport);
        ConnectionContext context = ledger.contextIfAny(transport);
        Throwable site = context == null || context.tls() == null ? null : netty.creationSite(ctx);
        if (site != null && context.applicationSite() == null) {
            context.applicationSite(site);
        }
    }

    @Override
    public void httpRequestCreated(Object request) {
        httpClient.requestCreated(request);
    }

    @Override
    public void httpConnecting(Object connection, Object exchange) {
        httpClient.connecting(connection, exchange);
    }

    @Override
    public void httpExchangeCreated(Object exchange) {
        httpClient.exchangeCreated(exchange);
    }

    @Override
    public void internalError(Throwable error) {
        AgentLog.warnOnce("internal-error", "an internal error was contained; the application was not affected: "
                + error + " (run with -Dsocketwatch.debug=true for details)");
        if (AgentLog.debugging()) {
            error.printStackTrace();
        }
    }

    private static FailureEvent event(Operation operation, ErrorType type, Throwable failure, Role role,
                                      InetSocketAddress peer, InetSocketAddress local) {
        return new FailureEvent(nowNanos(), operation, type, role, peer, local, failure, failure, null, 0,
                Thread.currentThread().getName());
    }

    @Override
    public void nettyChannelCreated(Object channel, Object parent) {
        netty.channelCreated(channel, parent);
    }

    @Override
    public void nettyChannelWraps(Object channel, Object parent, Object jdkChannel) {
        netty.channelWraps(channel, parent, jdkChannel);
    }

    @Override
    public void nettyChannelFailed(int operation, Object channel, Object remote, Throwable failure) {
        netty.channelFailed(operation, channel, remote, failure);
    }

    private void report(Operation operation, ErrorType type, Throwable failure, Role role, InetSocketAddress peer,
                        InetSocketAddress local) {
        report(operation, type, failure, role, peer, local, null, null);
    }

    private void report(Operation operation, ErrorType type, Throwable failure, Role role, InetSocketAddress peer,
                        InetSocketAddress local, Object socket, ConnectionContext context) {
        report(operation, type, failure, role, peer, local, socket, context, null);
    }

    private void report(Operation operation, ErrorType type, Throwable failure, Role role, InetSocketAddress peer,
                        InetSocketAddress local, Object socket, ConnectionContext context,
                        ConnectionSnapshot snapshot) {
        if (type == null) {
            return;
        }
        // A JDK channel wrapped by Netty's NIO transport fails on the event loop: its creation site says where the
        // application opened it.
        TlsLink link = context == null ? null : context.tls();
        sink.accept(new FailureEvent(nowNanos(), operation, type, role, peer, local, failure, failure, null, 0,
                Thread.currentThread().getName(), socket == null ? null : sites.find(socket),
                link == null ? null : TlsFailures.transportFacts(link),
                context == null ? null : context.applicationSite()).withConnection(snapshot));
    }

    /**
     * Keeps where the connection was opened, when configured (socketwatch.connection.stack.depth > 0): a Throwable,
     * whose stack the JVM records cheaply and turns into StackTraceElements only if the connection fails (on the
     * reporter thread, which also cuts it to the configured depth). Measured here: ~2.6 us per capture on a JMH
     * thread's stack, where a depth-limited StackWalker walk took ~8-10 us (its set-up dominates); still far too much
     * for every connect and accept by default (the churn budget), hence off unless asked for.
     */
    private void captureCreation(Connection connection) {
        if (creationDepth > 0 && !connection.internal()) {
            connection.creationStack(new CreationStack(new Throwable("connection opened"), creationDepth));
        }
    }

    private static InetSocketAddress listenerAddress(Object listener) {
        if (listener instanceof ServerSocketChannel) {
            try {
                SocketAddress address = ((ServerSocketChannel) listener).getLocalAddress();
                return SocketProbe.inet(address);
            } catch (Exception e) {
                return null;
            }
        }
        return SocketProbe.local(listener);
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
