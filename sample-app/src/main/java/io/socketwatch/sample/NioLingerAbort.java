package io.socketwatch.sample;

import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code nio-linger-abort}: {@code linger-abort} with channels on both sides.
 *
 * <ul>
 *   <li>Client (blocking SocketChannel): connect, setOption(SO_LINGER, 0) and close succeed. <b>This side causes the
 *       RST</b> (linger 0: the kernel aborts the connection instead of sending a FIN).</li>
 *   <li>Server (ServerSocketChannel + blocking SocketChannel): accept succeeds; <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset} (ECONNRESET; JDK 11:
 *       {@code java.io.IOException: Connection reset by peer}). close succeeds.</li>
 * </ul>
 */
final class NioLingerAbort implements Scenario {

    @Override
    public String name() {
        return "nio-linger-abort";
    }

    @Override
    public String description() {
        return "SocketChannel client closes with SO_LINGER 0 while the server's channel reads: read is reset";
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
        try (ServerSocketChannel listener = Net.listenChannel(run)) {
            run.spawn("reading-server", run.server, () -> {
                try (SocketChannel connection = run.guard(listener.accept())) {
                    run.server.ok("accept");
                    accepted.countDown();
                    // Blocked here or not yet: either way the first syscall after the RST gets ECONNRESET.
                    Io.read(run.server, "read", connection);
                    connection.close();
                    run.server.ok("close");
                } finally {
                    accepted.countDown();
                }
            });
            try (SocketChannel channel = run.guard(SocketChannel.open(Net.address(listener)))) {
                log.ok("connect");
                run.await(accepted, "server accepted");
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                channel.close();
                log.ok("close with SO_LINGER 0");
            }
        }
    }
}
