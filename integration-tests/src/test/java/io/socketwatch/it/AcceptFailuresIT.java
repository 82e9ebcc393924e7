package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server-side accept failures on JDK 11, 17 and 25, provoked for real: the child runs with an open-file limit this
 * test sets ({@code ulimit -n}, applied by bash before it execs java; the JVM cannot raise its soft limit above the
 * hard one), exhausts its descriptors, and accepts a queued connection on a ServerSocket, a ServerSocketChannel and
 * an AsynchronousServerSocketChannel: EMFILE each time, reported as too_many_open_files on accept, role server, at
 * the program's accept call. Then it closes each listener while a thread is blocked accepting on it, as a server
 * does at shutdown: that is the application's own action and must not be reported. The program is
 * src/async-app/java/org/example/async/AcceptFailures.java.
 */
class AcceptFailuresIT {

    private static final String MAIN = "org.example.async.AcceptFailures";
    /** Enough for the JVM, the agent and its exporter (about 40-60 at start on these JDKs), few enough to exhaust. */
    private static final int OPEN_FILES = 256;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void tooManyOpenFilesIsReportedAndClosingOwnListenersIsNot(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .launcher("bash", "-c", "ulimit -n " + OPEN_FILES + " && exec \"$0\" \"$@\"")
                    .mainClass(ChildPrograms.program("async-app", 11), MAIN)
                    .timeout(Duration.ofSeconds(90)).run();
            run.assertExitCode(0);
            List<String> lines = run.stdoutLines();
            // JDK 11's PlainSocketImpl throws SocketException("Too many open files (Accept failed)"); NioSocketImpl
            // (13+) passes the dispatcher's IOException through.
            List<String> patterns = List.of(jdk == Jdk.JDK_11
                    ? "server-socket-emfile: java\\.net\\.SocketException: Too many open files \\(Accept failed\\)"
                    : "server-socket-emfile: java\\.io\\.IOException: Too many open files",
                    "server-socket-emfile: accepted after release",
                    "server-socket-channel-emfile: java\\.io\\.IOException: Too many open files",
                    "server-socket-channel-emfile: accepted after release",
                    "async-server-socket-channel-emfile: java\\.io\\.IOException: Too many open files",
                    "async-server-socket-channel-emfile: accepted after release",
                    "server-socket-closed-while-accepting: java\\.net\\.SocketException: Socket closed",
                    "server-socket-channel-closed-while-accepting: java\\.nio\\.channels\\.AsynchronousCloseException",
                    "async-server-socket-channel-closed-while-accepting: "
                            + "java\\.nio\\.channels\\.AsynchronousCloseException",
                    "done");
            assertEquals(patterns.size(), lines.size(), "what the application got\n" + run);
            for (int i = 0; i < patterns.size(); i++) {
                assertTrue(lines.get(i).matches(patterns.get(i)), lines.get(i) + " !~ " + patterns.get(i) + "\n" + run);
            }

            ChildReports source = new ChildReports("async-app", MAIN);
            ChildReports.assertExactly(List.of(
                    source.expect("too_many_open_files accept server", ".acceptOnServerSocket", "acceptOnServerSocket"),
                    source.expect("too_many_open_files accept server", ".acceptOnChannel", "acceptOnChannel"),
                    source.expect("too_many_open_files accept server", ".acceptOnAsyncChannel",
                            "acceptOnAsyncChannel")),
                    run, receiver);
        }
    }
}
