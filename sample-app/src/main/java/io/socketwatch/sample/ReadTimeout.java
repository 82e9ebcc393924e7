package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * {@code read-timeout}: a read with SO_TIMEOUT on a connection the server never writes to.
 *
 * <ul>
 *   <li>Client (java.net.Socket, SO_TIMEOUT 200 ms): connect succeeds; <b>read</b> throws
 *       {@code java.net.SocketTimeoutException: Read timed out} after 200 ms (the socket stays usable). close
 *       succeeds and sends a FIN; no RST.</li>
 *   <li>Server (java.net.Socket): accept succeeds; its read returns EOF (-1), the client's FIN. close succeeds; no
 *       failure, no RST.</li>
 * </ul>
 */
final class ReadTimeout implements Scenario {

    private static final int READ_TIMEOUT_MILLIS = 200;

    @Override
    public String name() {
        return "read-timeout";
    }

    @Override
    public String description() {
        return "client read with SO_TIMEOUT 200 ms on a silent server: SocketTimeoutException, then clean closes";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client read -> SocketTimeoutException (timed out)",
                "client close -> ok",
                "server accept -> ok",
                "server read -> EOF",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocket listener = Net.listen(run)) {
            run.spawn("silent-server", run.server, () -> {
                try (Socket connection = run.guard(listener.accept())) {
                    run.server.ok("accept");
                    connection.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                    // Never writes; this read ends with the client's FIN.
                    Io.read(run.server, "read", connection.getInputStream());
                    connection.close();
                    run.server.ok("close");
                }
            });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                Io.read(log, "read", socket.getInputStream());
                socket.close();
                log.ok("close");
            }
        }
    }
}
