package org.example.vthreads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The same socket failures on a platform thread and on a virtual thread (JDK 21+; compiled with --release 21). On a
 * virtual thread the JDK parks on the Poller instead of blocking in the kernel (NioSocketImpl and SocketChannelImpl
 * switch the socket to non-blocking), so these are the paths the agent must still see. Threads are named
 * "platform-<case>" and "virtual-<case>"; each case runs on one, then the other, with the same code.
 *
 * <p>The server side is this program, on the same thread: the socket case resets with SO_LINGER 0, the channel case
 * (the Go article's) reads one of two bytes and closes, so its kernel sends RST. On loopback the RST is processed
 * before close() returns.
 */
public final class VirtualThreadFailures {

    /** 127.0.0.1 without a host name (getLoopbackAddress() is "localhost", which the agent reports as the server). */
    private static final InetAddress LOOPBACK = loopback();

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Case {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<String> names = List.of("socket-read-reset", "socket-read-timeout", "socket-connect-refused",
                "channel-read-reset", "channel-connect-refused");
        List<Case> cases = List.of(VirtualThreadFailures::socketReadReset, VirtualThreadFailures::socketReadTimeout,
                VirtualThreadFailures::socketConnectRefused, VirtualThreadFailures::channelReadReset,
                VirtualThreadFailures::channelConnectRefused);
        for (int i = 0; i < cases.size(); i++) {
            runOn(Thread.ofPlatform().name("platform-" + names.get(i)).unstarted(task(names.get(i), cases.get(i))));
            runOn(Thread.ofVirtual().name("virtual-" + names.get(i)).unstarted(task(names.get(i), cases.get(i))));
        }
        System.out.println("done");
    }

    static void runOn(Thread thread) throws InterruptedException {
        thread.start();
        thread.join();
    }

    static Runnable task(String name, Case body) {
        return () -> {
            try {
                body.run();
            } catch (Exception e) {
                System.out.println(Thread.currentThread().getName() + ": unexpected " + e);
            }
        };
    }

    static void socketReadReset() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, listener.getLocalPort())) {
            OutputStream out = client.getOutputStream();
            Socket accepted = listener.accept();
            // NioSocketImpl.close() shuts the output down first (a FIN, so the client would read EOF) unless SO_LINGER
            // is 0: with SO_LINGER 0 the close sends RST.
            accepted.setSoLinger(true, 0);
            accepted.close(); // @socket-read-reset close
            InputStream in = client.getInputStream();
            outcome("read", () -> in.read()); // @socket-read-reset read
            outcome("write", () -> out.write('c')); // @socket-read-reset write
        }
    }

    static void socketReadTimeout() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, listener.getLocalPort());
             Socket accepted = listener.accept()) {
            client.setSoTimeout(100);
            InputStream in = client.getInputStream();
            outcome("read", () -> in.read()); // @socket-read-timeout read
        }
    }

    static void socketConnectRefused() throws IOException {
        int closed = closedPort();
        outcome("connect", () -> new Socket(LOOPBACK, closed).close()); // @socket-connect-refused connect
    }

    static void channelReadReset() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            client.write(ByteBuffer.wrap("ab".getBytes()));
            SocketChannel accepted = listener.accept();
            accepted.read(ByteBuffer.allocate(1));
            accepted.close(); // @channel-read-reset close
            outcome("read", () -> client.read(ByteBuffer.allocate(16))); // @channel-read-reset read
            outcome("write", () -> client.write(ByteBuffer.wrap("c".getBytes()))); // @channel-read-reset write
        }
    }

    static void channelConnectRefused() throws IOException {
        int closed = closedPort();
        outcome("connect", () -> SocketChannel.open(new InetSocketAddress(LOOPBACK, closed)).close()); // @channel-connect-refused connect
    }

    interface Io {
        void run() throws IOException;
    }

    /** Runs one operation and prints what the application got, prefixed by the thread's name. */
    static void outcome(String operation, Io io) {
        String result;
        try {
            io.run();
            result = "ok";
        } catch (IOException e) {
            result = e.getClass().getName() + ": " + e.getMessage();
        }
        System.out.println(Thread.currentThread().getName() + " " + operation + ": " + result);
    }

    /** A port nothing listens on: bound and closed again, so the kernel answers a SYN with RST. */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }
}
