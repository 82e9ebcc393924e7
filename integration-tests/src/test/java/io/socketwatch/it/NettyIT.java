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
 * Netty 4.1 clients and servers (src/netty-app/java, org.example.netty.NettyScenarios) on the NIO transport, whose I/O
 * goes through the JDK's SocketChannelImpl, and on the native epoll transport, which calls the kernel through JNI and
 * is hooked in Netty's own classes. On both, every scenario must give exactly the same reports: the same error.type,
 * operation and role, each once (NIO is reported by the JDK hooks only, epoll by the Netty hooks only), and the first
 * application frame where the application created the connection, since Netty's event loop has only library frames
 * on its stack: the client's Bootstrap.connect call (NettyScenarios.connect), the server's ServerBootstrap.bind call
 * (NettyScenarios.bind).
 */
class NettyIT {

    private static final String MAIN = "org.example.netty.NettyScenarios";
    private static final String SERVICE = "netty-app";
    private static final String APP = "org.example.netty.";
    private static final String CONNECT_SITE = " @ org.example.netty.NettyScenarios.connect";
    private static final String BIND_SITE = " @ org.example.netty.NettyScenarios.bind";

    /** The same for both transports: what the application did decides the report, not how Netty does its I/O. */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "client-refused", List.of("connection_refused connect client" + CONNECT_SITE),
            // The peer's own abort is reported too (by the JDK hooks, with its own call site); the Netty client's
            // read gets the reset.
            "client-reset", List.of(
                    "reset_sent close server linger_zero @ org.example.netty.Peer.readRequestThenReset",
                    "connection_reset read client" + CONNECT_SITE),
            "client-half-closed", List.of(),
            "client-writes-after-peer-closed", List.of("broken_pipe write client" + CONNECT_SITE),
            "server-client-resets", List.of(
                    "reset_sent close client linger_zero @ org.example.netty.NettyScenarios.resetFromClient",
                    "connection_reset read server" + BIND_SITE),
            "server-client-half-closes", List.of());

    /** NIO: the JDK's exceptions. Epoll: Netty's, carrying the errno (connect: a ConnectException without one). */
    private static final Map<String, Pattern> EXCEPTION_TYPES = Map.of(
            "nio", Pattern.compile("java\\.(net|io)\\.\\w+"),
            "epoll", Pattern.compile("io\\.netty\\.channel\\.unix\\.Errors[.$]Native(Io|Connect)Exception"
                    + "|java\\.net\\.ConnectException"));

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
    void clientsAndServersAreReportedOnceWithTheApplicationsCallSite(Jdk jdk, String transport) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", SERVICE)
                    .mainClass(classPath, MAIN, transport).timeout(Duration.ofSeconds(90)).run();
            LibraryScenarios.assertReportedExactly(run, receiver, EXPECTED, SERVICE, APP,
                    EXCEPTION_TYPES.get(transport));
        }
    }
}
