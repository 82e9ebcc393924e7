package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;

/** Loopback helpers shared by the scenarios. */
final class Net {

    static final InetAddress LOOPBACK = loopback();

    private Net() {
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A listening java.net.ServerSocket on an ephemeral loopback port; accept() gives up after the safety timeout. */
    static ServerSocket listen(Run run) throws IOException {
        ServerSocket listener = run.guard(new ServerSocket(0, 50, LOOPBACK));
        listener.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
        return listener;
    }

    /** A listening ServerSocketChannel (blocking) on an ephemeral loopback port. */
    static ServerSocketChannel listenChannel(Run run) throws IOException {
        ServerSocketChannel listener = run.guard(ServerSocketChannel.open());
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        return listener;
    }

    static InetSocketAddress address(ServerSocket listener) {
        return new InetSocketAddress(LOOPBACK, listener.getLocalPort());
    }

    static InetSocketAddress address(ServerSocketChannel listener) throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /**
     * A loopback address where nothing listens: bind an ephemeral port, then close the listener. Connecting to it
     * makes the kernel answer the SYN with an RST, which connect() reports as ECONNREFUSED.
     */
    static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            return address(listener);
        }
    }

    /** A connected client java.net.Socket; SO_TIMEOUT is the safety net for its blocking reads. */
    static Socket connect(Run run, InetSocketAddress address) throws IOException {
        Socket socket = run.guard(new Socket());
        socket.connect(address, Run.SAFETY_TIMEOUT_MILLIS); // @connect
        socket.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
        return socket;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(bytes(text));
    }

    static String text(byte[] data, int length) {
        return new String(data, 0, length, StandardCharsets.US_ASCII);
    }

    static String text(ByteBuffer flipped) {
        byte[] data = new byte[flipped.remaining()];
        flipped.get(data);
        return text(data, data.length);
    }

    /** Reads exactly {@code length} bytes, or fewer if EOF comes first. */
    static String readExactly(InputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int n = in.readNBytes(data, 0, length);
        return text(data, n);
    }

    /** Reads up to and excluding '\n', or to EOF. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
