package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code linger-abort}: an abortive close (SO_LINGER on with timeout 0) while the server waits in read.
 *
 * <ul>
 *   <li>Client (java.net.Socket): connect, setSoLinger(true, 0) and close succeed. <b>This side causes the RST</b>
 *       (linger 0: NioSocketImpl skips its shutdown(SHUT_WR) and the kernel aborts the connection).</li>
 *   <li>Server (java.net.Socket): accept succeeds; <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset} (ECONNRESET). close succeeds.</li>
 * </ul>
 */
final class LingerAbort implements Scenario {

    @Override
    public String name() {
        return "linger-abort";
    }

    @Override
    public String description() {
        return "java.net.Socket client closes with SO_LINGER 0 while the server reads: server's read is reset";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client close with SO_LINGER 0 -> ok",
                "server accept -> ok",
                "server read -> SocketException (connection reset)",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        CountDownLatch accepted = new CountDownLatch(1);
        try (ServerSocket listener = Net.listen(run)) {
            run.spawn("reading-server", run.server, () -> {
                try (Socket connection = run.guard(listener.accept())) {
                    run.server.ok("accept");
                    connection.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                    accepted.countDown();
                    // Blocked here or not yet: either way the first syscall after the RST gets ECONNRESET.
                    Io.read(run.server, "read", connection.getInputStream());
                    connection.close();
                    run.server.ok("close");
                } finally {
                    accepted.countDown();
                }
            });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                // Aborting only once the server holds the connection keeps the accept successful.
                run.await(accepted, "server accepted");
                socket.setSoLinger(true, 0);
                socket.close();
                log.ok("close with SO_LINGER 0");
            }
        }
    }
}
