package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AsynchronousSocketChannel failures delivered to a CompletionHandler and through a Future, on JDK 11, 17 and 25:
 * resets found later by the channel group's thread (the handler's failed method, or the line whose Future.get threw,
 * is the application frame) and at once on the calling thread (the read or write call is), broken pipe, refused
 * connects, read and write timeouts (InterruptedByTimeoutException: read_timeout and write_timeout), and the server
 * side (an AsynchronousServerSocketChannel's accepted channel: role server). Each failure exactly once; closing one's
 * own channel while a read is pending (how asynchronous code ends a connection) is not a failure. The program
 * is src/async-app/java/org/example/async/AsyncFailures.java.
 */
class AsyncChannelIT {

    private static final String MAIN = "org.example.async.AsyncFailures";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void everyAsyncFailureIsReportedOnceWhereTheApplicationGetsIt(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            // BytecodeVerificationLocal: the verifier also checks the boot classes, so the woven JDK classes
            // (channel, timeout tasks, Invoker, PendingFuture) must verify on every JDK.
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment())
                    .jvmArgs("-XX:+UnlockDiagnosticVMOptions", "-XX:+BytecodeVerificationLocal")
                    .mainClass(ChildPrograms.program("async-app", 11), MAIN)
                    .timeout(Duration.ofSeconds(90)).run();
            run.assertExitCode(0);
            String reset = jdk == Jdk.JDK_11 ? "java.io.IOException: Connection reset by peer"
                    : "java.io.IOException: Connection reset";
            assertEquals(List.of(
                    "handler-read-reset-later: " + reset,
                    "future-read-reset-later: " + reset,
                    "handler-read-reset-now: " + reset,
                    "handler-write-after-reset: java.io.IOException: Broken pipe",
                    "future-read-reset-now: " + reset,
                    "future-write-after-reset: java.io.IOException: Broken pipe",
                    "future-connect-refused: java.net.ConnectException: Connection refused",
                    "handler-connect-refused: java.net.ConnectException: Connection refused",
                    "handler-read-timeout: java.nio.channels.InterruptedByTimeoutException",
                    "handler-write-timeout: java.nio.channels.InterruptedByTimeoutException",
                    "future-read-after-close: java.nio.channels.ClosedChannelException",
                    "handler-read-pending-own-close: java.nio.channels.AsynchronousCloseException",
                    "server-read-reset-later: " + reset,
                    "client-read-after-server-close: java.net.SocketException: Connection reset",
                    "done"), run.stdoutLines(), "what the application got\n" + run);

            ChildReports source = new ChildReports("async-app", MAIN);
            String peerReset = "reset_sent close server linger_zero";
            ChildReports.assertExactly(List.of(
                    source.expect("connection_reset read client", "$PendingReadHandler.failed",
                            "PendingReadHandler.failed"),
                    source.expect(peerReset, ".resetPeer", "resetPeer"),
                    source.expect("connection_reset read client", ".futureReadResetLater", "futureReadResetLater"),
                    source.expect(peerReset, ".resetPeer", "resetPeer"),
                    source.expect("connection_reset read client", ".handlerReadAfterReset", "handlerReadAfterReset"),
                    source.expect("broken_pipe write client", ".handlerWriteAfterReset", "handlerWriteAfterReset"),
                    source.expect(peerReset, ".resetPeer", "resetPeer"),
                    source.expect("connection_reset read client", ".futureReadAfterReset", "futureReadAfterReset"),
                    source.expect("broken_pipe write client", ".futureWriteAfterReset", "futureWriteAfterReset"),
                    source.expect(peerReset, ".resetPeer", "resetPeer"),
                    source.expect("connection_refused connect client", ".futureConnectRefused",
                            "futureConnectRefused"),
                    source.expect("connection_refused connect client", "$ConnectHandler.failed",
                            "ConnectHandler.failed"),
                    source.expect("read_timeout read client", "$TimeoutReadHandler.failed",
                            "TimeoutReadHandler.failed"),
                    source.expect("write_timeout write client", "$WriteUntilTimeoutHandler.failed",
                            "WriteUntilTimeoutHandler.failed"),
                    source.expect("reset_sent close server unread_data", ".handlerWriteTimeout",
                            "handlerWriteTimeout.close"),
                    // The channel's facts left the ledger at close: role unknown, as for any socket used after close.
                    source.expect("socket_closed read unknown", ".futureReadAfterClose", "futureReadAfterClose"),
                    source.expect("connection_reset read server", "$ServerReadHandler.failed",
                            "ServerReadHandler.failed"),
                    source.expect("reset_sent close client linger_zero", ".resetClient", "resetClient"),
                    source.expect("reset_sent close server unread_data", ".serverClosesWithUnreadData",
                            "serverClosesWithUnreadData.close"),
                    source.expect("connection_reset read client", ".serverClosesWithUnreadData",
                            "clientReadAfterServerClose")),
                    run, receiver);
        }
    }
}
