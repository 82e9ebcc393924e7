package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * {@code echo-reset}: the Tokio article's "Client reset connection": the client aborts, the echo server's read fails.
 *
 * <ul>
 *   <li>Client (java.net.Socket): connect, write "hello", read the echo succeed; then SO_LINGER 0 and close, which
 *       succeeds. <b>This side causes the RST</b> (linger 0: tcp_close aborts, counter TCPAbortOnData).</li>
 *   <li>Server ({@link EchoServer}, java.net.Socket): accept, read, echo succeed; the next <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset} (ECONNRESET): "reset by peer". close succeeds.</li>
 * </ul>
 */
final class EchoReset implements Scenario {

    @Override
    public String name() {
        return "echo-reset";
    }

    @Override
    public String description() {
        return "echo server: client reads the echo then aborts (SO_LINGER 0); server's read is reset";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client write \"hello\" -> ok",
                "client read -> \"hello\"",
                "client close with SO_LINGER 0 -> ok",
                "server accept -> ok",
                "server read -> \"hello\"",
                "server write \"hello\" -> ok",
                "server read -> SocketException (connection reset)",
                "server connection ended -> reset by peer",
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
                // Whether the server is already blocked in its next read or gets there later does not matter: the
                // first syscall after the RST, whenever it comes, fails with ECONNRESET.
                socket.setSoLinger(true, 0);
                socket.close();
                log.ok("close with SO_LINGER 0");
            }
        }
    }
}
