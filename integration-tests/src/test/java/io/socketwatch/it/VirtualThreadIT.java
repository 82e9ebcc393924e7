package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * java.net.Socket and SocketChannel failures on a virtual thread give the same reports as on a platform thread
 * (JDK 25; the program is compiled with --release 21, so it runs on nothing older). On a virtual thread
 * NioSocketImpl and SocketChannelImpl park on the JDK's Poller instead of blocking in the kernel: the hooks sit in
 * the methods both paths go through (NioSocketImpl.read/write/connect, SocketChannelImpl.read/write/connect). The
 * program is src/vthread-app/java/org/example/vthreads/VirtualThreadFailures.java.
 */
class VirtualThreadIT {

    private static final String MAIN = "org.example.vthreads.VirtualThreadFailures";

    @Test
    void aVirtualThreadGetsTheSameReportsAsAPlatformThread() {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(Jdk.JDK_25).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .mainClass(ChildPrograms.program("vthread-app", 21), MAIN)
                    .timeout(Duration.ofSeconds(90)).run();
            run.assertExitCode(0);
            List<String> got = new ArrayList<>();
            for (String kind : List.of("platform", "virtual")) {
                got.add(kind + "-socket-read-reset read: java.net.SocketException: Connection reset");
                got.add(kind + "-socket-read-reset write: java.net.SocketException: Broken pipe");
                got.add(kind + "-socket-read-timeout read: java.net.SocketTimeoutException: Read timed out");
                got.add(kind + "-socket-connect-refused connect: java.net.ConnectException: Connection refused");
                got.add(kind + "-channel-read-reset read: java.net.SocketException: Connection reset");
                got.add(kind + "-channel-read-reset write: java.io.IOException: Broken pipe");
                got.add(kind + "-channel-connect-refused connect: java.net.ConnectException: Connection refused");
            }
            got.add("done");
            assertEquals(got.stream().sorted().collect(Collectors.toList()),
                    run.stdoutLines().stream().sorted().collect(Collectors.toList()),
                    "what the application got\n" + run);

            ChildReports source = new ChildReports("vthread-app", MAIN);
            List<String> perThreadKind = List.of(
                    source.expect("reset_sent close server linger_zero", ".socketReadReset", "socket-read-reset close"),
                    source.expect("connection_reset read client", ".lambda$socketReadReset",
                            "socket-read-reset read"),
                    source.expect("broken_pipe write client", ".lambda$socketReadReset", "socket-read-reset write"),
                    source.expect("read_timeout read client", ".lambda$socketReadTimeout",
                            "socket-read-timeout read"),
                    source.expect("connection_refused connect client", ".lambda$socketConnectRefused",
                            "socket-connect-refused connect"),
                    source.expect("reset_sent close server unread_data", ".channelReadReset",
                            "channel-read-reset close"),
                    source.expect("connection_reset read client", ".lambda$channelReadReset",
                            "channel-read-reset read"),
                    source.expect("broken_pipe write client", ".lambda$channelReadReset", "channel-read-reset write"),
                    source.expect("connection_refused connect client", ".lambda$channelConnectRefused",
                            "channel-connect-refused connect"));
            List<String> expected = new ArrayList<>();
            for (String kind : List.of("platform", "virtual")) {
                perThreadKind.forEach(e -> expected.add(e + " " + kind));
            }
            // The same reports, each once per kind of thread: the thread that hit it tells which.
            ChildReports.assertExactly(expected, run, receiver, span -> ChildReports.describe(span) + " "
                    + span.stringAttribute("thread.name").replaceFirst("-.*", ""));
        }
    }
}
