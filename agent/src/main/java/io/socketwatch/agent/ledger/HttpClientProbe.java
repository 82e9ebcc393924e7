package io.socketwatch.agent.ledger;

import io.socketwatch.agent.bootstrap.JdkAccess;
import io.socketwatch.agent.internal.AgentLog;
import java.lang.invoke.MethodHandle;

/**
 * Reads the JDK HttpClient's internals (jdk.internal.net.http, opened to the bridge's module only; names checked on
 * JDK 11, 17 and 25, see build-support/JDK-INTERNALS.md) when an HTTP/1.1 exchange is bound to its connection: the
 * request it belongs to, the connection's SocketChannel and, for HTTPS, its SSLEngine. Answers null rather than throw.
 */
public final class HttpClientProbe {

    private static final class Handles {
        // ExchangeImpl.exchange -> Exchange.multi: the MultiExchange created by HttpClient.send/sendAsync.
        static final MethodHandle EXCHANGE;
        static final MethodHandle MULTI;
        // Http1Exchange.connection; HttpConnection.channel() (abstract, package-private); the SSL connections'
        // AbstractAsyncSSLConnection.engine.
        static final MethodHandle CONNECTION;
        static final MethodHandle CHANNEL;
        static final MethodHandle ENGINE;

        static {
            ClassLoader platform = ClassLoader.getPlatformClassLoader();
            Class<?> exchangeImpl = load("jdk.internal.net.http.ExchangeImpl", platform);
            Class<?> exchange = load("jdk.internal.net.http.Exchange", platform);
            Class<?> http1 = load("jdk.internal.net.http.Http1Exchange", platform);
            Class<?> connection = load("jdk.internal.net.http.HttpConnection", platform);
            Class<?> ssl = load("jdk.internal.net.http.AbstractAsyncSSLConnection", platform);
            EXCHANGE = exchangeImpl == null ? null : JdkAccess.getter(exchangeImpl, "exchange");
            MULTI = exchange == null ? null : JdkAccess.getter(exchange, "multi");
            CONNECTION = http1 == null ? null : JdkAccess.getter(http1, "connection");
            CHANNEL = connection == null ? null : JdkAccess.method(connection, "channel");
            ENGINE = ssl == null ? null : JdkAccess.getter(ssl, "engine");
            if (EXCHANGE == null || MULTI == null || CONNECTION == null || CHANNEL == null || ENGINE == null) {
                AgentLog.warnOnce("httpclient-probe", "some JDK HttpClient internals were not found on "
                        + Runtime.version() + ": its failures may point at JDK frames instead of the request's"
                        + " call site, and HTTPS failures may not be marked as TLS");
            }
        }

        private Handles() {
        }

        private static Class<?> load(String name, ClassLoader loader) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }
    }

    private HttpClientProbe() {
    }

    /** The request (MultiExchange) an Http1Exchange serves, or null. */
    public static Object requestOf(Object http1Exchange) {
        return get(Handles.MULTI, get(Handles.EXCHANGE, http1Exchange));
    }

    /** The request (MultiExchange) an Exchange belongs to, or null. */
    public static Object requestOfExchange(Object exchange) {
        return get(Handles.MULTI, exchange);
    }

    /** The HttpConnection an Http1Exchange uses, or null. */
    public static Object connectionOf(Object http1Exchange) {
        return get(Handles.CONNECTION, http1Exchange);
    }

    /** The SocketChannel of an HttpConnection (the TCP connection under TLS for HTTPS), or null. */
    public static Object channelOf(Object connection) {
        return get(Handles.CHANNEL, connection);
    }

    /** The SSLEngine of an HTTPS connection, null for plain HTTP. */
    public static Object engineOf(Object connection) {
        return get(Handles.ENGINE, connection);
    }

    private static Object get(MethodHandle handle, Object target) {
        if (handle == null || target == null || !handle.type().parameterType(0).isInstance(target)) {
            return null;
        }
        try {
            return handle.invoke(target);
        } catch (Throwable unknown) {
            AgentLog.debug("HttpClient probe failed on " + target.getClass().getName() + ": " + unknown);
            return null;
        }
    }
}
