package io.socketwatch.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty 4.1 TLS clients (SslHandler over the JDK's SSLEngine; src/netty-app/java, org.example.netty.NettyTlsScenarios)
 * on NIO and on the native epoll transport, against java.net TLS peers in the same JVM (TlsPeer). The agent learns
 * which channel an SslHandler's engine runs over when the handler joins the pipeline; on both transports a broken
 * TLS connection must be reported exactly once, by the layer that broke: the reset at the transport, marked TLS with
 * its version; the rejected certificate as a tls failure with its alert and reason, no transport failure beside it.
 * The client's reports point where the application created the channel (NettyTlsScenarios.connect), since Netty's
 * event loop has no application frame; the peer's at its own calls.
 */
class NettyTlsIT {

    private static final String MAIN = "org.example.netty.NettyTlsScenarios";
    private static final String SERVICE = "netty-tls-app";
    private static final String APP = "org.example.netty.";
    private static final String CONNECT_SITE = " @ org.example.netty.NettyTlsScenarios.connect";

    /** The same for both transports and on every JDK (all negotiate TLS 1.3 here). */
    static final Map<String, List<String>> EXPECTED = Map.of(
            // Not reported: SslHandler's SSLEngine.closeInbound() without close_notify when the channel goes inactive
            // (a fatal INTERNAL_ERROR inside the engine), nor the client's close.
            "tls-client-reset", List.of(
                    "reset_sent close server linger_zero tls=1.3 @ org.example.netty.TlsPeer.abort",
                    "connection_reset read client tls=1.3" + CONNECT_SITE),
            // Not reported: the client's close after SslHandler sent the alert.
            "tls-client-untrusted", List.of(
                    "tls handshake client tls=1.3 alert=certificate_unknown/local reason=untrusted_certificate"
                            + CONNECT_SITE,
                    "tls handshake server tls=1.3 alert=certificate_unknown/peer reason=certificate_rejected_by_peer"
                            + " @ org.example.netty.TlsPeer.serverHandshake"));

    /** TLS failures are the JDK's SSL exceptions; resets are the JDK's (NIO) or Netty's with the errno (epoll). */
    private static final Map<String, Pattern> EXCEPTION_TYPES = Map.of(
            "nio", Pattern.compile("javax\\.net\\.ssl\\.SSL\\w*Exception|java\\.(net|io)\\.\\w+"),
            "epoll", Pattern.compile("javax\\.net\\.ssl\\.SSL\\w*Exception|java\\.net\\.SocketException"
                    + "|io\\.netty\\.channel\\.unix\\.Errors[.$]NativeIoException"));

    private static String classPath;

    @BeforeAll
    static void compile() {
        classPath = LibraryScenarios.compile("netty-app", "socketwatch.netty.libs");
    }

    static Stream<Arguments> jdksAndTransports() {
        return Stream.of(Jdk.values()).flatMap(jdk -> Stream.of(Arguments.of(jdk, "nio"), Arguments.of(jdk, "epoll")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndTransports")
    void eachBrokenTlsConnectionIsReportedOnceByTheLayerThatBroke(Jdk jdk, String transport) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", SERVICE)
                    .mainClass(classPath, MAIN, transport, TestCertificates.keystore().toString(),
                            TestCertificates.PASSWORD)
                    .timeout(Duration.ofSeconds(90)).run();
            LibraryScenarios.assertReportedExactly(run, receiver, EXPECTED, SERVICE, APP,
                    EXCEPTION_TYPES.get(transport), NettyTlsIT::describe);
        }
    }

    /**
     * "error.type operation role [cause] [tls=version|tls=?] [alert=name/origin] [reason=r] @ code.function.name";
     * a span on a connection not known as TLS has no "tls=" part.
     */
    static String describe(ReceivedSpan span) {
        StringBuilder line = new StringBuilder(span.stringAttribute("error.type")).append(' ')
                .append(span.stringAttribute("socketwatch.operation")).append(' ')
                .append(span.stringAttribute("socketwatch.role"));
        String cause = span.stringAttribute("socketwatch.reset.cause");
        if (cause != null) {
            line.append(' ').append(cause);
        }
        if (Boolean.TRUE.equals(span.boolAttribute("socketwatch.tls"))) {
            String version = span.stringAttribute("tls.protocol.version");
            line.append(" tls=").append(version == null ? "?" : version);
        }
        String alert = span.stringAttribute("socketwatch.tls.alert");
        if (alert != null) {
            line.append(" alert=").append(alert).append('/').append(span.stringAttribute("socketwatch.tls.alert.origin"));
        }
        String reason = span.stringAttribute("socketwatch.tls.reason");
        if (reason != null) {
            line.append(" reason=").append(reason);
        }
        return line.append(" @ ").append(span.stringAttribute("code.function.name")).toString();
    }
}
