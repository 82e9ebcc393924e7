package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * {@code echo-timeout}: the Tokio article's "Connection timed out": the client connects and stays silent.
 *
 * <ul>
 *   <li>Server ({@link EchoServer}, java.net.Socket, SO_TIMEOUT 500 ms): accept succeeds; <b>read</b> throws
 *       {@code java.net.SocketTimeoutException: Read timed out} after 500 ms: "idle timeout". close succeeds and sends
 *       a FIN (nothing unread); no RST.</li>
 *   <li>Client (java.net.Socket): connect succeeds; its read returns EOF (-1), the server's FIN. close succeeds; no
 *       failure, no RST.</li>
 * </ul>
 */
final class EchoTimeout implements Scenario {

    @Override
    public String name() {
        return "echo-timeout";
    }

    @Override
    public String description() {
        return "echo server: client sends nothing; server's read times out (500 ms), it closes, client reads EOF";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client read -> EOF",
                "client close -> ok",
                "server accept -> ok",
                "server read -> SocketTimeoutException (timed out)",
                "server connection ended -> idle timeout",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocket listener = Net.listen(run)) {
            EchoServer.start(run, listener, () -> { });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                // Blocks until the server gives up on the idle connection and its FIN arrives.
                Io.read(log, "read", socket.getInputStream());
                socket.close();
                log.ok("close");
            }
        }
    }
}
