package io.socketwatch.sample;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code reset-on-read}: the Go article's "connection reset by peer" on read, then "broken pipe" on write.
 *
 * <ul>
 *   <li>Server ({@link ResetServer}, ServerSocketChannel + blocking SocketChannel): accept, read 1 byte, close: all
 *       succeed. <b>This side causes the RST</b> by closing with 1 unread byte.</li>
 *   <li>Client (java.net.Socket): connect and write "ab" succeed. <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset} (ECONNRESET, the first syscall after the RST). The next
 *       <b>write</b> throws {@code java.net.SocketException: Broken pipe} (EPIPE: the connection is gone; JDK 11 says
 *       "Broken pipe (Write failed)"). close succeeds. The client causes no RST.</li>
 * </ul>
 */
final class ResetOnRead implements Scenario {

    @Override
    public String name() {
        return "reset-on-read";
    }

    @Override
    public String description() {
        return "java.net.Socket client reads after the server closed with unread data: reset, then broken pipe";
    }

    @Override
    public List<String> expected() {
        return Scenarios.concat(List.of(
                "client connect -> ok",
                "client write \"ab\" -> ok",
                "client read -> SocketException (connection reset)",
                "client write \"c\" -> SocketException (broken pipe)",
                "client close -> ok"),
                ResetServer.EXPECTED);
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocketChannel listener = Net.listenChannel(run)) {
            CountDownLatch serverClosed = new CountDownLatch(1);
            ResetServer.start(run, listener, serverClosed);
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                // One write: on loopback both bytes travel in one segment, so the server's 1-byte read leaves "b" queued.
                Io.write(log, ResetServer.REQUEST, out);
                // The RST is sent inside the server's close(); reading after it makes the read's syscall the first
                // one to meet it, so it gets ECONNRESET (a read already blocked would get it too).
                run.await(serverClosed, "server closed the connection");
                Io.read(log, "read", in);
                // The read consumed the pending ECONNRESET; the socket is now closed, so write gets EPIPE.
                Io.write(log, "c", out);
                socket.close();
                log.ok("close");
            }
        }
    }
}
