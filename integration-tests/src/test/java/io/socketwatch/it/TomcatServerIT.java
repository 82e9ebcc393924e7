package io.socketwatch.it;

import static io.socketwatch.it.LibraryRuns.report;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An embedded Tomcat 10.1 (NIO connector) whose client aborts an upload: the servlet's blocking read of the body
 * fails on the servlet's own thread, Tomcat hands it a ClientAbortException, and the agent reports the read failure
 * once, with role server, at the servlet's doPost (Tomcat's org.apache.* frames are skipped). The servlet notes the
 * failure and returns, as an application would. What else the agent reports is real, and asserted:
 * <ul>
 *   <li>the aborting client is in the same program, so its abortive close is a reset this process sent
 *       (SO_LINGER 0), at the client's close call;</li>
 *   <li>after doPost returned, Tomcat finishes the response itself (CoyoteAdapter: Response.finishResponse writes
 *       the status line and headers) on the dead connection: EPIPE, broken_pipe write server. No application code is
 *       on that worker's stack, so the frame named is the first library frame, Tomcat's NioChannel.write (not a JDK
 *       frame). The scenario stops Tomcat only after its access-log hook ran, which CoyoteAdapter calls after
 *       finishResponse: without that signal the write raced with stop()'s interrupt of the worker;</li>
 *   <li>Tomcat's stop() wakes its acceptor by connecting to its own port and closing that socket with SO_LINGER 0
 *       (AbstractEndpoint.unlockAccept): a reset this process sent, at the scenario's tomcat.stop() call.</li>
 * </ul>
 * No failure is reported twice: the server's read, Tomcat's write and the two resets sent are four different
 * operations (two sockets on each side).
 */
class TomcatServerIT {

    private static final String APP = "org.example.clients.TomcatScenarios";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aClientResetDuringTheUploadIsAServerReadReset(Jdk jdk) {
        // JDK 11's SocketChannel passes the native "Connection reset by peer" IOException through; from 13 on it is
        // a SocketException("Connection reset") (build-support/JDK-INTERNALS.md, reset flag table).
        String resetException = jdk == Jdk.JDK_11 ? "java.io.IOException" : "java.net.SocketException";
        JvmResult without = LibraryRuns.scenario(jdk, ClientsApp.Stack.TOMCAT_10, null, "tomcat-client-reset").run();
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult with = LibraryRuns.scenario(jdk, ClientsApp.Stack.TOMCAT_10, receiver, "tomcat-client-reset")
                    .run();
            LibraryRuns.assertReported(without, with, receiver, List.of(
                    "client: aborted the upload",
                    "servlet read the body: failed after 10 bytes with"
                            + " org.apache.catalina.connector.ClientAbortException <- " + resetException,
                    "done"),
                    List.of(report("connection_reset read server", APP + "$UploadServlet.doPost"),
                            report("reset_sent close client linger_zero", APP + ".abortingClient"),
                            report("broken_pipe write server", "org.apache.tomcat.util.net.NioChannel.write"),
                            report("reset_sent close client linger_zero", APP + ".run")));
        }
    }
}
