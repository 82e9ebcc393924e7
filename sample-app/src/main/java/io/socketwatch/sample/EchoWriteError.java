package io.socketwatch.sample;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code echo-write-error}: the Tokio article's "Error writing data": the client aborts before the echo is written.
 *
 * <ul>
 *   <li>Client (java.net.Socket): connect, write "hello" succeed; once the server has read it, SO_LINGER 0 and close,
 *       which succeeds. <b>This side causes the RST</b> (linger 0).</li>
 *   <li>Server ({@link EchoServer}, java.net.Socket): accept and read "hello" succeed; the echo <b>write</b> throws
 *       {@code java.net.SocketException: Connection reset by peer} (ECONNRESET: the write is the first syscall after
 *       the RST; JDK 11 says "Connection reset"): "write error". close succeeds.</li>
 * </ul>
 */
final class EchoWriteError implements Scenario {

    @Override
    public String name() {
        return "echo-write-error";
    }

    @Override
    public String description() {
        return "echo server: client aborts (SO_LINGER 0) before the echo; server's write is reset";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client write \"hello\" -> ok",
                "client close with SO_LINGER 0 -> ok",
                "server accept -> ok",
                "server read -> \"hello\"",
                "server write \"hello\" -> SocketException (connection reset)",
                "server connection ended -> write error",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        CountDownLatch serverRead = new CountDownLatch(1);
        CountDownLatch clientClosed = new CountDownLatch(1);
        try (ServerSocket listener = Net.listen(run)) {
            EchoServer.start(run, listener, () -> {
                serverRead.countDown();
                // On loopback the RST is delivered to the server's socket inside the client's close() (the softirq
                // runs when the sender re-enables bottom halves), so once the client has closed, the echo write is
                // the first syscall after the RST.
                run.await(clientClosed, "client closed with SO_LINGER 0");
            });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                Io.write(log, "hello", socket.getOutputStream());
                // Closing only after the server has read "hello" keeps the server's read successful.
                run.await(serverRead, "server read the request");
                socket.setSoLinger(true, 0);
                socket.close();
                log.ok("close with SO_LINGER 0");
            } finally {
                clientClosed.countDown();
            }
        }
    }
}
