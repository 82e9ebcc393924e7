package io.socketwatch.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * reactor-netty's HttpClient (src/reactor-netty-app) against a peer that resets, a refused port and a peer that
 * half-closes without answering. reactor-netty-http brings Netty 4.2 and its native epoll transport, so this also
 * covers the epoll hooks on Netty 4.2. Each socket failure once, with the application's request call as its frame;
 * the half-close is not a socket failure (the client gets reactor-netty's PrematureCloseException), so no report.
 */
class ReactorNettyIT {

    private static final String MAIN = "org.example.reactor.ReactorNettyScenarios";
    private static final String SERVICE = "reactor-netty-app";
    private static final String SITE = " @ org.example.reactor.ReactorNettyScenarios.get";

    static final Map<String, List<String>> EXPECTED = Map.of(
            "peer-resets", List.of(
                    "reset_sent close server linger_zero @ org.example.reactor.ReactorNettyScenarios.serve",
                    "connection_reset read client" + SITE),
            "refused", List.of("connection_refused connect client" + SITE),
            "peer-half-closes", List.of());

    private static String classPath;

    @BeforeAll
    static void compile() {
        classPath = LibraryScenarios.compile("reactor-netty-app", "socketwatch.reactor-netty.libs");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void httpClientFailuresAreReportedOnce(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", SERVICE)
                    .mainClass(classPath, MAIN).timeout(Duration.ofSeconds(90)).run();
            LibraryScenarios.assertReportedExactly(run, receiver, EXPECTED, SERVICE, "org.example.reactor.",
                    Pattern.compile("io\\.netty\\.channel\\.unix\\.Errors[.$]Native(Io|Connect)Exception"
                            + "|java\\.net\\.ConnectException"));
        }
    }
}
