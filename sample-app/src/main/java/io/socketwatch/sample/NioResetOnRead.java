package io.socketwatch.sample;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code nio-reset-on-read}: {@code reset-on-read} with a blocking SocketChannel client and ByteBuffers.
 *
 * <ul>
 *   <li>Server ({@link ResetServer}, ServerSocketChannel + blocking SocketChannel): accept, read 1 byte, close: all
 *       succeed. <b>This side causes the RST</b> by closing with 1 unread byte.</li>
 *   <li>Client (blocking SocketChannel): connect and write "ab" succeed. <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset} (ECONNRESET; on JDK 11 SocketChannelImpl reports it as
 *       {@code java.io.IOException: Connection reset by peer}). The next <b>write</b> throws
 *       {@code java.io.IOException: Broken pipe} (EPIPE; channels never map write errors to SocketException). close
 *       succeeds. The client causes no RST.</li>
 * </ul>
 */
final class NioResetOnRead implements Scenario {

    @Override
    public String name() {
        return "nio-reset-on-read";
    }

    @Override
    public String description() {
        return "reset-on-read with a blocking SocketChannel client: reset on read, then broken pipe";
    }

    @Override
    public List<String> expected() {
        return Scenarios.concat(List.of(
                "client connect -> ok",
                "client write \"ab\" -> ok",
                "client read -> SocketException (connection reset)",
                "client write \"c\" -> IOException (broken pipe)",
                "client close -> ok"),
                ResetServer.EXPECTED);
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocketChannel listener = Net.listenChannel(run)) {
            CountDownLatch serverClosed = new CountDownLatch(1);
            ResetServer.start(run, listener, serverClosed);
            // Blocking channels have no read timeout: the Run's watchdog is the safety net.
            try (SocketChannel channel = run.guard(SocketChannel.open(Net.address(listener)))) {
                log.ok("connect");
                // One write: both bytes in one segment, so the server's 1-byte read leaves "b" queued.
                Io.write(log, ResetServer.REQUEST, channel);
                run.await(serverClosed, "server closed the connection");
                Io.read(log, "read", channel);
                // The read consumed the pending ECONNRESET; the socket is now closed, so write gets EPIPE.
                Io.write(log, "c", channel);
                channel.close();
                log.ok("close");
            }
        }
    }
}
