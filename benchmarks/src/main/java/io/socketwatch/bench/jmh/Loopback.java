package io.socketwatch.bench.jmh;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Small helpers shared by the benchmarks: the loopback address, full reads, a server thread. */
final class Loopback {

    static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    private Loopback() {
    }

    static InetSocketAddress at(int port) {
        return new InetSocketAddress(ADDRESS, port);
    }

    static void readFully(InputStream in, byte[] buffer) throws IOException {
        int done = 0;
        while (done < buffer.length) {
            int n = in.read(buffer, done, buffer.length - done);
            if (n < 0) {
                throw new EOFException("peer closed after " + done + " of " + buffer.length + " bytes");
            }
            done += n;
        }
    }

    static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("peer closed with " + buffer.remaining() + " bytes missing");
            }
        }
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** A daemon thread for a benchmark's server side; its failure is kept for the tear-down to rethrow. */
    static final class ServerThread extends Thread {
        private final IoTask task;
        private volatile Throwable failure;

        ServerThread(String name, IoTask task) {
            super(name);
            this.task = task;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** Waits for the server side to end and rethrows what it failed with, if anything. */
        void finish() throws Exception {
            join(10_000);
            if (isAlive()) {
                throw new IllegalStateException(getName() + " did not stop");
            }
            if (failure != null) {
                throw new IllegalStateException(getName() + " failed", failure);
            }
        }
    }

    interface IoTask {
        void run() throws Exception;
    }
}
