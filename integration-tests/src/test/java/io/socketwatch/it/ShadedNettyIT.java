package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A relocated Netty: grpc-netty-shaded ships Netty as io.grpc.netty.shaded.io.netty, with its own epoll library. Its
 * classes are hooked by name suffix like Netty's own, and an epoll failure through it is classified by the errno it
 * carries: the child runs in German (LANGUAGE=de; glibc honours LANGUAGE under the built-in C.UTF-8 locale and ships
 * the libc translations), so the exception's strerror text is not the English that a text match would need.
 */
class ShadedNettyIT {

    private static final String MAIN = "org.example.shaded.ShadedNettyScenarios";
    private static final String SERVICE = "shaded-netty-app";
    private static final String SITE = " @ org.example.shaded.ShadedNettyScenarios.connect";

    static final Map<String, List<String>> EXPECTED = Map.of(
            "client-reset", List.of(
                    "reset_sent close server linger_zero @ org.example.shaded.ShadedNettyScenarios.resetAfterRequest",
                    "connection_reset read client" + SITE),
            "client-refused", List.of("connection_refused connect client" + SITE));

    private static String classPath;

    @BeforeAll
    static void compile() {
        classPath = LibraryScenarios.compile("shaded-netty-app", "socketwatch.shaded-netty.libs");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void relocatedEpollFailuresAreClassifiedByErrno(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", SERVICE).env("LC_ALL", "C.UTF-8").env("LANGUAGE", "de")
                    .mainClass(classPath, MAIN).timeout(Duration.ofSeconds(60)).run();
            String context = run + "\n" + receiver.summary();
            String reset = run.stdoutLines().stream().filter(l -> l.startsWith("scenario client-reset ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no client-reset line\n" + context));
            assertTrue(reset.contains("io.grpc.netty.shaded.io.netty.channel.unix.Errors$NativeIoException"),
                    "the application got the relocated Netty's exception: " + reset + "\n" + context);
            assertFalse(reset.toLowerCase().contains("connection reset"),
                    "the message must not be English, or this test proves nothing about errno: " + reset);
            LibraryScenarios.assertReportedExactly(run, receiver, EXPECTED, SERVICE, "org.example.shaded.",
                    Pattern.compile("io\\.grpc\\.netty\\.shaded\\.io\\.netty\\.channel\\.unix\\.Errors"
                            + "[.$]Native(Io|Connect)Exception|java\\.net\\.ConnectException"));
        }
    }
}
