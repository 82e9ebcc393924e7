package io.socketwatch.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * Reads a child's stdout or stderr to the end on its own thread, so the child never blocks on a full pipe, and keeps
 * every byte.
 */
final class StreamDrainer {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Thread thread;

    StreamDrainer(InputStream stream, String threadName) {
        thread = new Thread(() -> drain(stream), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(InputStream stream) {
        byte[] buffer = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) != -1) {
                synchronized (captured) {
                    captured.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The pipe closes under us when the process is killed: what was read so far is what we have.
        }
    }

    /** Waits for end of stream (the child and every process that inherited the pipe have exited). */
    boolean awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    String text() {
        synchronized (captured) {
            return captured.toString(Charset.defaultCharset());
        }
    }

    /** Every byte read, undecoded. */
    byte[] bytes() {
        synchronized (captured) {
            return captured.toByteArray();
        }
    }
}
