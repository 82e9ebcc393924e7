package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code retry-after-reset}: the Python example of the TCP reset overview: catch the reset, clean up (close the
 * socket), retry, with a bounded number of attempts.
 *
 * <ul>
 *   <li>Server (ServerSocketChannel + blocking SocketChannel): connections 1 and 2: accept, read 1 byte of the
 *       request, close: all succeed, and <b>this side causes the RST</b> (the rest of the request is unread).
 *       Connection 3: accept, read the request, write the response, close: all succeed, FIN only. A SocketChannel, not
 *       a java.net.Socket, for the reason given in {@link ResetServer}.</li>
 *   <li>Client (java.net.Socket), attempts 1 and 2: connect and write the request succeed; <b>read</b> of the response
 *       throws {@code java.net.SocketException: Connection reset} (ECONNRESET); the client catches it, closes the
 *       socket (succeeds) and retries. Attempt 3: the read returns the response; close succeeds. The client causes
 *       no RST.</li>
 * </ul>
 */
final class RetryAfterReset implements Scenario {

    private static final int MAX_ATTEMPTS = 3;
    private static final int RESET_CONNECTIONS = 2;
    private static final String REQUEST = "GET /status";
    private static final String RESPONSE = "200 OK";

    @Override
    public String name() {
        return "retry-after-reset";
    }

    @Override
    public String description() {
        return "client catches a reset, closes and retries (3 attempts max); the server resets 2 connections";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client attempt 1 connect -> ok",
                "client attempt 1 write request -> ok",
                "client attempt 1 read response -> SocketException (connection reset)",
                "client attempt 1 close -> ok",
                "client attempt 2 connect -> ok",
                "client attempt 2 write request -> ok",
                "client attempt 2 read response -> SocketException (connection reset)",
                "client attempt 2 close -> ok",
                "client attempt 3 connect -> ok",
                "client attempt 3 write request -> ok",
                "client attempt 3 read response -> \"200 OK\"",
                "client attempt 3 close -> ok",
                "server connection 1 accept -> ok",
                "server connection 1 read 1 byte -> \"G\"",
                "server connection 1 close -> ok",
                "server connection 2 accept -> ok",
                "server connection 2 read 1 byte -> \"G\"",
                "server connection 2 close -> ok",
                "server connection 3 accept -> ok",
                "server connection 3 read request -> \"GET /status\"",
                "server connection 3 write response -> ok",
                "server connection 3 close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        CountDownLatch[] serverDone = new CountDownLatch[MAX_ATTEMPTS];
        for (int i = 0; i < serverDone.length; i++) {
            serverDone[i] = new CountDownLatch(1);
        }
        try (ServerSocketChannel listener = Net.listenChannel(run)) {
            run.spawn("retry-server", run.server, () -> serve(run, listener, serverDone));
            InetSocketAddress address = Net.address(listener);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                if (!attempt(run, address, attempt, serverDone[attempt - 1])) {
                    break;
                }
            }
        }
    }

    /** One request; returns whether to retry. */
    private static boolean attempt(Run run, InetSocketAddress address, int attempt, CountDownLatch serverDone)
            throws Exception {
        Log log = run.client.as("attempt " + attempt);
        try (Socket socket = Net.connect(run, address)) {
            log.ok("connect");
            InputStream in = socket.getInputStream();
            try {
                // One write, so the whole request is in the server's receive queue before it reads its first byte.
                socket.getOutputStream().write(Net.bytes(REQUEST + "\n"));
                log.ok("write request");
            } catch (IOException e) {
                log.failed("write request", e);
                return false;
            }
            // The server closes only after the whole request arrived; reading after its close makes the read the
            // first syscall to meet the RST.
            run.await(serverDone, "server finished connection " + attempt);
            try {
                log.text("read response", Net.readLine(in));
            } catch (IOException e) {
                log.failed("read response", e);
                if (!Failures.label(e).equals(Failures.CONNECTION_RESET)) {
                    return false;
                }
                // As in the article: a reset connection is dead; release it, then re-establish.
                socket.close();
                log.ok("close");
                return true;
            }
            socket.close();
            log.ok("close");
            return false;
        }
    }

    private static void serve(Run run, ServerSocketChannel listener, CountDownLatch[] done) throws Exception {
        for (int connection = 1; connection <= MAX_ATTEMPTS; connection++) {
            Log log = run.server.as("connection " + connection);
            try (SocketChannel channel = run.guard(listener.accept())) {
                log.ok("accept");
                if (connection <= RESET_CONNECTIONS) {
                    ByteBuffer oneByte = ByteBuffer.allocate(1);
                    if (channel.read(oneByte) < 0) {
                        log.eof("read 1 byte");
                    } else {
                        oneByte.flip();
                        log.text("read 1 byte", Net.text(oneByte));
                    }
                    // The rest of the request is unread: this close sends an RST.
                    channel.close();
                    log.ok("close");
                } else {
                    log.text("read request", readLine(channel));
                    ByteBuffer response = Net.buffer(RESPONSE + "\n");
                    while (response.hasRemaining()) {
                        channel.write(response);
                    }
                    log.ok("write response");
                    channel.close();
                    log.ok("close");
                }
            } finally {
                done[connection - 1].countDown();
            }
        }
    }

    /** Reads up to and excluding '\n' (or to EOF), one byte at a time so nothing after the line is consumed. */
    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer oneByte = ByteBuffer.allocate(1);
        while (channel.read(oneByte) > 0) {
            char c = (char) oneByte.get(0);
            if (c == '\n') {
                break;
            }
            line.append(c);
            oneByte.clear();
        }
        return line.toString();
    }
}
