package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The Tokio article's echo server with a per-connection idle timeout, on java.net.Socket: it echoes what it reads
 * until the connection ends, then reports how it ended, as the article's handler does: "clean close" (read returned
 * EOF), "reset by peer" (read failed with a connection reset), "read error" (any other read failure), "write error"
 * (the echo failed), "idle timeout" (nothing arrived within {@link #IDLE_TIMEOUT_MILLIS}).
 *
 * <p>The idle timeout is SO_TIMEOUT on the accepted socket: the blocked read throws SocketTimeoutException("Read timed
 * out") and the socket stays usable, so the server closes it normally (a FIN: nothing is left unread).
 */
final class EchoServer {

    static final int IDLE_TIMEOUT_MILLIS = 500;

    static final String CLEAN_CLOSE = "clean close";
    static final String RESET_BY_PEER = "reset by peer";
    static final String READ_ERROR = "read error";
    static final String WRITE_ERROR = "write error";
    static final String IDLE_TIMEOUT = "idle timeout";

    private EchoServer() {
    }

    /**
     * Serves one connection on a server thread. {@code afterRead} runs after each successful read, before the echo:
     * the write-error scenario uses it to wait for the client's abortive close.
     */
    static void start(Run run, ServerSocket listener, Run.Body afterRead) {
        Log log = run.server;
        run.spawn("echo-server", log, () -> {
            try (Socket connection = run.guard(listener.accept())) {
                log.ok("accept");
                connection.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                log.add("connection ended", serve(connection, log, afterRead));
                connection.close();
                log.ok("close");
            }
        });
    }

    private static String serve(Socket connection, Log log, Run.Body afterRead) throws Exception {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        byte[] buffer = new byte[64];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                log.failed("read", e);
                return IDLE_TIMEOUT;
            } catch (IOException e) {
                log.failed("read", e);
                return Failures.label(e).equals(Failures.CONNECTION_RESET) ? RESET_BY_PEER : READ_ERROR;
            }
            if (n < 0) {
                log.eof("read");
                return CLEAN_CLOSE;
            }
            String data = Net.text(buffer, n);
            log.text("read", data);
            afterRead.run();
            try {
                out.write(buffer, 0, n);
                log.ok("write \"" + data + "\"");
            } catch (IOException e) {
                log.failed("write \"" + data + "\"", e);
                return WRITE_ERROR;
            }
        }
    }
}
