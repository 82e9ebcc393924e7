package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Single I/O steps that log their outcome (data, EOF, or the failure) instead of throwing. */
final class Io {

    private static final int READ_SIZE = 64;

    private Io() {
    }

    /** One read() call: logs the bytes it returned, EOF, or the exception. */
    static void read(Log log, String operation, InputStream in) {
        byte[] data = new byte[READ_SIZE];
        try {
            int n = in.read(data);
            if (n < 0) {
                log.eof(operation);
            } else {
                log.text(operation, Net.text(data, n));
            }
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }

    /** Reads exactly {@code length} bytes (several read() calls if needed): logs them, EOF, or the exception. */
    static void readExactly(Log log, String operation, InputStream in, int length) {
        try {
            byte[] data = new byte[length];
            int n = in.readNBytes(data, 0, length);
            if (n == 0) {
                log.eof(operation);
            } else {
                log.text(operation, Net.text(data, n));
            }
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }

    /** One write() call of {@code text}, logged as {@code write "<text>"}. */
    static void write(Log log, String text, OutputStream out) {
        String operation = "write \"" + text + "\"";
        try {
            out.write(Net.bytes(text));
            log.ok(operation);
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }

    /** One read() call on a channel (blocking, or non-blocking after the selector reported it ready). */
    static void read(Log log, String operation, ReadableByteChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
        try {
            int n = channel.read(buffer);
            if (n < 0) {
                log.eof(operation);
            } else {
                buffer.flip();
                log.text(operation, Net.text(buffer));
            }
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }

    /** One write() call on a channel; a short (non-blocking) write is logged as such. */
    static void write(Log log, String text, WritableByteChannel channel) {
        String operation = "write \"" + text + "\"";
        ByteBuffer buffer = Net.buffer(text);
        try {
            int n = channel.write(buffer);
            if (buffer.hasRemaining()) {
                log.add(operation, "wrote " + n + " of " + text.length() + " bytes");
            } else {
                log.ok(operation);
            }
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }
}
