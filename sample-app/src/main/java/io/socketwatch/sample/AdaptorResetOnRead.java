package io.socketwatch.sample;

import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code adaptor-reset-on-read}: {@code reset-on-read} through the socket adaptor, {@code SocketChannel.socket()}:
 * java.net.Socket streams whose I/O goes through SocketChannelImpl, not through a SocketImpl.
 *
 * <ul>
 *   <li>Server ({@link ResetServer}, ServerSocketChannel + blocking SocketChannel): accept, read 1 byte, close: all
 *       succeed. <b>This side causes the RST</b> by closing with 1 unread byte.</li>
 *   <li>Client (adaptor of a blocking SocketChannel): connect and write "ab" succeed. <b>read</b> (adaptor input
 *       stream) throws {@code java.net.SocketException: Connection reset} (ECONNRESET; JDK 11:
 *       {@code java.io.IOException: Connection reset by peer}); the next <b>write</b> (adaptor output stream) throws
 *       {@code java.io.IOException: Broken pipe} (EPIPE: the adaptor writes through the channel, which never maps
 *       write errors to SocketException). close succeeds. The client causes no RST.</li>
 * </ul>
 */
final class AdaptorResetOnRead implements Scenario {

    @Override
    public String name() {
        return "adaptor-reset-on-read";
    }

    @Override
    public String description() {
        return "reset-on-read through SocketChannel.socket() streams: reset on read, then broken pipe";
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
            try (SocketChannel channel = run.guard(SocketChannel.open(Net.address(listener)))) {
                Socket socket = channel.socket();
                log.ok("connect");
                // The adaptor honours SO_TIMEOUT on reads: the safety net.
                socket.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                Io.write(log, ResetServer.REQUEST, socket.getOutputStream());
                run.await(serverClosed, "server closed the connection");
                Io.read(log, "read", socket.getInputStream());
                Io.write(log, "c", socket.getOutputStream());
                socket.close();
                log.ok("close");
            }
        }
    }
}
