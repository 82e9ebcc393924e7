package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code peer-closed-first}: the server answers and closes its side (FIN), the client reads the answer and the EOF,
 * and keeps writing anyway (a client with more to send, say the rest of an upload).
 *
 * <ul>
 *   <li>Server (java.net.Socket): accept, read the 5 bytes of "hello", write "bye", close: all succeed. Nothing is
 *       left unread, so its close sends FIN, not RST.</li>
 *   <li>Client (java.net.Socket): connect, write "hello", read "bye", read EOF: all succeed. The first write after
 *       the EOF succeeds too (it only copies into the send buffer); the server's kernel answers that data, arriving
 *       on a socket its application has closed, with RST. The RST reaches a socket in CLOSE_WAIT (it had read the FIN),
 *       where Linux sets EPIPE rather than ECONNRESET, so the failing write throws
 *       {@code SocketException: Broken pipe} (JDK 11: "Broken pipe (Write failed)"). The client writes in a loop until
 *       a write fails: on loopback the RST comes back inside the first write's own syscall, so it is the second;
 *       the loop keeps the lines the same if it ever comes later. close succeeds.</li>
 * </ul>
 */
final class PeerClosedFirst implements Scenario {

    /** Bound on the writes after the EOF; reaching it means the RST never came and fails the scenario. */
    private static final int MAX_WRITES = 1000;

    @Override
    public String name() {
        return "peer-closed-first";
    }

    @Override
    public String description() {
        return "java.net.Socket client reads the server's answer and EOF, then keeps writing: broken pipe";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client write \"hello\" -> ok",
                "client read 3 bytes -> \"bye\"",
                "client read -> EOF",
                "client write \"more\" -> ok",
                "client keep writing \"more\" -> SocketException (broken pipe)",
                "client close -> ok",
                "server accept -> ok",
                "server read 5 bytes -> \"hello\"",
                "server write \"bye\" -> ok",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        CountDownLatch serverClosed = new CountDownLatch(1);
        try (ServerSocket listener = Net.listen(run)) {
            run.spawn("closing-server", run.server, () -> {
                try (Socket connection = run.guard(listener.accept())) {
                    run.server.ok("accept");
                    connection.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                    Io.readExactly(run.server, "read 5 bytes", connection.getInputStream(), 5);
                    Io.write(run.server, "bye", connection.getOutputStream());
                    connection.close();
                    run.server.ok("close");
                } finally {
                    serverClosed.countDown();
                }
            });
            try (Socket socket = Net.connect(run, Net.address(listener))) {
                log.ok("connect");
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                Io.write(log, "hello", out);
                Io.readExactly(log, "read 3 bytes", in, 3);
                Io.read(log, "read", in);
                // The EOF came with the server's FIN, sent before its close() returned (JDK 13+ shuts down output
                // first). Writing only once close() has returned makes the data meet a closed socket, which answers
                // with RST; data that came earlier would be unread at its close and turn its FIN into an RST instead.
                run.await(serverClosed, "server closed the connection");
                Io.write(log, "more", out);
                keepWriting(log, "more", out);
                socket.close();
                log.ok("close");
            }
        }
    }

    /** Writes {@code text} again and again until a write fails; logs that failure (or that none came). */
    private static void keepWriting(Log log, String text, OutputStream out) {
        String operation = "keep writing \"" + text + "\"";
        byte[] data = Net.bytes(text);
        try {
            for (int i = 0; i < MAX_WRITES; i++) {
                out.write(data); // @keepWriting
            }
            log.add(operation, "no failure in " + MAX_WRITES + " writes");
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }
}
