package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * {@code clean}: a full request/response and an orderly close. No failure anywhere.
 *
 * <ul>
 *   <li>Client (java.net.Socket): connect, write "ping", read "pong", close: all succeed; nothing is left unread, so
 *       close sends a FIN; no RST.</li>
 *   <li>Server (java.net.Socket): accept, read "ping", write "pong" succeed; the next read returns EOF (-1), the
 *       client's FIN; close succeeds, FIN; no RST.</li>
 * </ul>
 */
final class Clean implements Scenario {

    @Override
    public String name() {
        return "clean";
    }

    @Override
    public String description() {
        return "request/response, client closes first, server reads EOF and closes: no failure";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client write \"ping\" -> ok",
                "client read -> \"pong\"",
                "client close -> ok",
                "server accept -> ok",
                "server read -> \"ping\"",
                "server write \"pong\" -> ok",
                "server read -> EOF",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocket listener = Net.listen(run)) {
            run.spawn("clean-server", run.server, () -> {
                try (Socket connection = run.guard(listener.accept())) {
                    run.server.ok("accept");
                    connection.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                    Io.readExactly(run.server, "read", connection.getInputStream(), "ping".length());
                    Io.write(run.server, "pong", connection.getOutputStream());
                    Io.read(run.server, "read", connection.getInputStream());
                    connection.close();
                    run.server.ok("close");
                }
            });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                Io.write(log, "ping", socket.getOutputStream());
                Io.readExactly(log, "read", socket.getInputStream(), "pong".length());
                socket.close();
                log.ok("close");
            }
        }
    }
}
