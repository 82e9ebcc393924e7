package io.socketwatch.agent.ledger;

import io.socketwatch.agent.bootstrap.JdkAccess;
import io.socketwatch.agent.internal.AgentLog;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketImpl;

/**
 * Reads the JDK's TLS internals (sun.security.ssl, opened to the bridge's module only; field names checked on JDK 11,
 * 17 and 25, see build-support/JDK-INTERNALS.md): an SSLSocket's or SSLEngine's TransportContext, the transport a
 * TLS socket runs over, and the session's state. Fields only, never a public method: SSLSocket.getSession() would
 * start a handshake, and several getters take the socket's lock. Called when a TLS socket is connected and on
 * failures, never on healthy reads or writes; every probe answers null rather than throw.
 */
public final class TlsProbe {

    private static final class Handles {
        // sun.security.ssl.SSLSocketImpl.conContext and SSLEngineImpl.conContext: the TLS session of each.
        static final MethodHandle SOCKET_CONTEXT;
        static final MethodHandle ENGINE_CONTEXT;
        // BaseSSLSocketImpl.self: the socket the TLS records travel over; the SSLSocketImpl itself unless layered.
        static final MethodHandle SOCKET_SELF;
        // TransportContext: isNegotiated, protocolVersion (once negotiated), handshakeContext (while handshaking),
        // sslConfig (its isClientMode), transport (the SSLSocketImpl or SSLEngineImpl).
        static final MethodHandle NEGOTIATED;
        static final MethodHandle PROTOCOL;
        static final MethodHandle HANDSHAKE;
        static final MethodHandle CONFIG;
        static final MethodHandle TRANSPORT;
        static final MethodHandle CLIENT_MODE;
        // HandshakeContext.negotiatedProtocol: the version the handshake agreed on before it completed.
        static final MethodHandle HANDSHAKE_PROTOCOL;
        // ProtocolVersion.name ("TLSv1.3") and Alert.description ("handshake_failure", the RFC 8446 name).
        static final MethodHandle PROTOCOL_NAME;
        static final MethodHandle ALERT_DESCRIPTION;
        // java.net.Socket.impl, DelegatingSocketImpl.delegate (JDK 13+: a client Socket's SocksSocketImpl wraps the
        // NioSocketImpl the socket hooks see), SocketAdaptor.sc (a Socket over a SocketChannel).
        static final MethodHandle SOCKET_IMPL = JdkAccess.getter(Socket.class, "impl");
        static final MethodHandle DELEGATE;
        static final Class<?> DELEGATING_IMPL;
        static final MethodHandle ADAPTOR_CHANNEL;
        static final Class<?> ADAPTOR;

        static {
            Class<?> socketImpl = load("sun.security.ssl.SSLSocketImpl");
            Class<?> engineImpl = load("sun.security.ssl.SSLEngineImpl");
            Class<?> baseSocket = load("sun.security.ssl.BaseSSLSocketImpl");
            Class<?> context = load("sun.security.ssl.TransportContext");
            Class<?> config = load("sun.security.ssl.SSLConfiguration");
            Class<?> handshake = load("sun.security.ssl.HandshakeContext");
            Class<?> protocol = load("sun.security.ssl.ProtocolVersion");
            Class<?> alert = load("sun.security.ssl.Alert");
            SOCKET_CONTEXT = getter(socketImpl, "conContext");
            ENGINE_CONTEXT = getter(engineImpl, "conContext");
            SOCKET_SELF = getter(baseSocket, "self");
            NEGOTIATED = getter(context, "isNegotiated");
            PROTOCOL = getter(context, "protocolVersion");
            HANDSHAKE = getter(context, "handshakeContext");
            CONFIG = getter(context, "sslConfig");
            TRANSPORT = getter(context, "transport");
            CLIENT_MODE = getter(config, "isClientMode");
            HANDSHAKE_PROTOCOL = getter(handshake, "negotiatedProtocol");
            PROTOCOL_NAME = getter(protocol, "name");
            ALERT_DESCRIPTION = getter(alert, "description");
            DELEGATING_IMPL = load("java.net.DelegatingSocketImpl");
            DELEGATE = getter(DELEGATING_IMPL, "delegate");
            ADAPTOR = load("sun.nio.ch.SocketAdaptor");
            ADAPTOR_CHANNEL = getter(ADAPTOR, "sc");
            if (SOCKET_CONTEXT == null || ENGINE_CONTEXT == null || SOCKET_SELF == null || NEGOTIATED == null
                    || PROTOCOL == null || HANDSHAKE == null || CLIENT_MODE == null || TRANSPORT == null
                    || HANDSHAKE_PROTOCOL == null || PROTOCOL_NAME == null || ALERT_DESCRIPTION == null
                    || SOCKET_IMPL == null || ADAPTOR_CHANNEL == null) {
                AgentLog.warnOnce("tls-probe", "some TLS internals were not found on " + Runtime.version()
                        + ": TLS failures may be reported without their TLS details");
            }
        }

        private Handles() {
        }

        private static MethodHandle getter(Class<?> owner, String field) {
            return owner == null ? null : JdkAccess.getter(owner, field);
        }

        private static Class<?> load(String name) {
            try {
                return Class.forName(name, false, null);
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }
    }

    private TlsProbe() {
    }

    /** The TransportContext of an SSLSocketImpl or SSLEngineImpl, or null for another implementation. */
    public static Object context(Object sslSocketOrEngine) {
        Object context = get(Handles.SOCKET_CONTEXT, sslSocketOrEngine);
        return context != null ? context : get(Handles.ENGINE_CONTEXT, sslSocketOrEngine);
    }

    /**
     * The transport object the socket hooks see for an SSLSocketImpl: the SocketImpl (or, for a socket layered over
     * SocketChannel.socket(), the SocketChannel) of the socket its records travel over.
     */
    public static Object transportOf(Object sslSocket) {
        Object self = get(Handles.SOCKET_SELF, sslSocket);
        return self instanceof Socket ? transportOfSocket((Socket) self) : null;
    }

    /** The SocketImpl (or SocketChannel) under a java.net.Socket, as the socket hooks key it. */
    static Object transportOfSocket(Socket socket) {
        if (Handles.ADAPTOR != null && Handles.ADAPTOR.isInstance(socket)) {
            return get(Handles.ADAPTOR_CHANNEL, socket);
        }
        Object impl = get(Handles.SOCKET_IMPL, socket);
        // Unwrap the SOCKS delegation (JDK 13+); JDK 11's SocksSocketImpl is itself the PlainSocketImpl hooked.
        for (int depth = 0; depth < 4 && Handles.DELEGATING_IMPL != null && Handles.DELEGATING_IMPL.isInstance(impl);
             depth++) {
            impl = get(Handles.DELEGATE, impl);
        }
        return impl instanceof SocketImpl ? impl : null;
    }

    /**
     * The negotiated protocol version in OpenTelemetry's form ("1.3", "1.2"; "3" for SSLv3), or the version the
     * handshake had agreed on when it failed, or null if it did not get that far.
     */
    public static String protocolVersion(Object context) {
        Object version = Boolean.TRUE.equals(get(Handles.NEGOTIATED, context)) ? get(Handles.PROTOCOL, context) : null;
        if (version == null) {
            version = get(Handles.HANDSHAKE_PROTOCOL, get(Handles.HANDSHAKE, context));
        }
        Object name = get(Handles.PROTOCOL_NAME, version);
        return name instanceof String ? otelVersion((String) name) : null;
    }

    /** "TLSv1.3" -> "1.3", "SSLv3" -> "3"; null for the JDK's placeholders ("NONE", "SSLv2Hello"). */
    static String otelVersion(String jdkName) {
        if (jdkName.startsWith("TLSv") || jdkName.startsWith("DTLSv")) {
            return jdkName.substring(jdkName.indexOf('v') + 1);
        }
        return jdkName.equals("SSLv3") ? "3" : null;
    }

    /** True while the session has not completed its first handshake. */
    public static boolean handshaking(Object context) {
        return !Boolean.TRUE.equals(get(Handles.NEGOTIATED, context));
    }

    /** The alert's name as RFC 8446 writes it ("certificate_unknown"), or null. */
    public static String alertName(Object alert) {
        Object name = get(Handles.ALERT_DESCRIPTION, alert);
        return name instanceof String ? (String) name : null;
    }

    /** TRUE for the client side of the session, FALSE for the server side, null if unknown. */
    public static Boolean clientMode(Object context) {
        Object mode = get(Handles.CLIENT_MODE, get(Handles.CONFIG, context));
        return mode instanceof Boolean ? (Boolean) mode : null;
    }

    /** The SSLEngine of a session, or null if it is an SSLSocket's (or unknown). */
    public static javax.net.ssl.SSLEngine engine(Object context) {
        Object transport = get(Handles.TRANSPORT, context);
        return transport instanceof javax.net.ssl.SSLEngine ? (javax.net.ssl.SSLEngine) transport : null;
    }

    /** The peer an engine was created for (SSLContext.createSSLEngine(host, port)), unresolved; or null. */
    public static InetSocketAddress enginePeer(javax.net.ssl.SSLEngine engine) {
        try {
            String host = engine.getPeerHost();
            int port = engine.getPeerPort();
            return host == null || port <= 0 ? null : InetSocketAddress.createUnresolved(host, port);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Object get(MethodHandle getter, Object target) {
        // Another class than the field's owner (an engine asked for a socket's field) simply has no such field.
        if (getter == null || target == null || !getter.type().parameterType(0).isInstance(target)) {
            return null;
        }
        try {
            return getter.invoke(target);
        } catch (Throwable unknown) {
            AgentLog.debug("TLS probe failed on " + target.getClass().getName() + ": " + unknown);
            return null;
        }
    }
}
