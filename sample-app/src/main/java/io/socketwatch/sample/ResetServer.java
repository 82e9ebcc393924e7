package io.socketwatch.sample;

import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The server half of the reset-on-read scenarios (the Go article's server): accepts one connection, reads exactly one
 * byte of the client's "ab" and closes the connection with "b" still unread. Closing a TCP socket with unread data in
 * its receive queue makes the kernel send an RST instead of a FIN (tcp_close, counter TCPAbortOnClose): this side
 * causes the reset, and its own read and close succeed.
 *
 * <p>Why a SocketChannel and not a java.net.Socket: since JDK 13, NioSocketImpl.close() calls shutdown(SHUT_WR) before
 * close() whenever SO_LINGER is not 0. A java.net.Socket server therefore sends a FIN first and the RST after it; the
 * client's kernel queues the FIN, so the client's read returns EOF (-1) and only its next write fails, with EPIPE
 * ("Broken pipe"): the reset is never reported by a read. JDK 11's PlainSocketImpl closes without that shutdown. On
 * Linux, SocketChannelImpl closes a blocking channel that no other thread is using without a shutdown on JDK 11, 17 and
 * 25 alike, so the peer gets the RST alone and every JDK observes the same thing.
 */
final class ResetServer {

    /** What the client sends, in one write, so that it reaches the server as one segment. */
    static final String REQUEST = "ab";

    private ResetServer() {
    }

    /**
     * Serves one connection on a server thread; {@code closed} opens once the connection is closed (or the server
     * failed), so that the client reads only after the RST has been sent.
     */
    static void start(Run run, ServerSocketChannel listener, CountDownLatch closed) {
        run.spawn("reset-server", run.server, () -> {
            try (SocketChannel connection = run.guard(listener.accept())) {
                run.server.ok("accept");
                ByteBuffer oneByte = ByteBuffer.allocate(1);
                if (connection.read(oneByte) < 0) {
                    run.server.eof("read 1 byte");
                } else {
                    oneByte.flip();
                    run.server.text("read 1 byte", Net.text(oneByte));
                }
                // The point of the scenario: "b" is still unread, so this close sends an RST.
                connection.close();
                run.server.ok("close");
            } finally {
                closed.countDown();
            }
        });
    }

    /** The server lines every reset-on-read scenario expects. */
    static final List<String> EXPECTED = List.of(
            "server accept -> ok",
            "server read 1 byte -> \"a\"",
            "server close -> ok");
}
