package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * The test's end of the clients-app's Checkpoint: a child program connects to {@link #port()}, names the checkpoint
 * it reached and blocks until the test {@link Arrival#release() releases} it. The test acts (e.g. on a
 * {@link FaultProxy}) in between, so the order of events is explicit, never a matter of timing.
 */
final class Checkpoints implements AutoCloseable {

    private final ServerSocket listener;

    Checkpoints() {
        try {
            listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /**
     * Waits until the child reaches checkpoint {@code name}. While waiting, checks every 200 ms whether the child
     * already ended (then fails with its output instead of waiting out the timeout).
     */
    Arrival await(String name, Future<JvmResult> child, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            listener.setSoTimeout(200);
            while (true) {
                try {
                    Socket socket = listener.accept();
                    socket.setSoTimeout(10_000);
                    String reached = readLine(socket.getInputStream());
                    assertEquals(name, reached, "the child reached another checkpoint");
                    return new Arrival(socket);
                } catch (SocketTimeoutException e) {
                    if (child.isDone()) {
                        throw new AssertionError("the child ended before checkpoint " + name + ":\n"
                                + ChildInBackground.resultOf(child));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the child did not reach checkpoint " + name + " within "
                                + timeout);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the child closed the checkpoint connection early");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** A child waiting at a checkpoint. */
    static final class Arrival {
        private final Socket socket;

        private Arrival(Socket socket) {
            this.socket = socket;
        }

        /** Lets the child go on: one byte, then a normal close (it has read all the child sent). */
        void release() {
            try (Socket s = socket) {
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException("could not release the child", e);
            }
        }
    }
}
