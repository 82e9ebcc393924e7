package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * {@code echo-clean}: the Tokio article's echo server, connection closed normally. No failure anywhere.
 *
 * <ul>
 *   <li>Client (java.net.Socket): connect, write "hello", read the echo, close: all succeed. Nothing is left unread, so
 *       close sends a FIN; no RST.</li>
 *   <li>Server ({@link EchoServer}, java.net.Socket): accept, read "hello", write the echo succeed; the next read returns
 *       EOF (-1) because of the client's FIN: "clean close". close succeeds, sends a FIN; no RST.</li>
 * </ul>
 */
final class EchoClean implements Scenario {

    @Override
    public String name() {
        return "echo-clean";
    }

    @Override
    public String description() {
        return "echo server: client sends, reads the echo and closes normally; server reports a clean close";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client write \"hello\" -> ok",
                "client read -> \"hello\"",
                "client close -> ok",
                "server accept -> ok",
                "server read -> \"hello\"",
                "server write \"hello\" -> ok",
                "server read -> EOF",
                "server connection ended -> clean close",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocket listener = Net.listen(run)) {
            EchoServer.start(run, listener, () -> { });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                Io.write(log, "hello", socket.getOutputStream());
                Io.readExactly(log, "read", socket.getInputStream(), "hello".length());
                socket.close();
                log.ok("close");
            }
        }
    }
}
