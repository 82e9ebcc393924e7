package org.example.async;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Accept failures on the server side, for real. Run with a low open-file limit (the test starts it under
 * {@code ulimit -n}): a client connects, so a connection waits in the listen queue; then this program opens
 * /dev/null until the kernel says EMFILE, and accepts. Linux allocates the new descriptor before it takes the
 * connection off the queue (accept4: get_unused_fd_flags, then the protocol's accept), so accept fails with EMFILE
 * and the connection stays queued: after the descriptors are released, the same connection is accepted.
 *
 * <p>Then the application closes its own listeners while a thread is blocked accepting on them, as a server does
 * at shutdown: the accepting threads get SocketException("Socket closed") / AsynchronousCloseException, which the
 * agent must not report. "Blocked in accept" is read from the accepting thread's own stack, not guessed by a delay.
 */
public final class AcceptFailures {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    public static void main(String[] args) throws Exception {
        serverSocketTooManyOpenFiles();
        serverSocketChannelTooManyOpenFiles();
        asyncServerSocketChannelTooManyOpenFiles();
        serverSocketClosedWhileAccepting();
        serverSocketChannelClosedWhileAccepting();
        asyncServerSocketChannelClosedWhileAccepting();
        System.out.println("done");
    }

    static void serverSocketTooManyOpenFiles() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK);
             Socket client = new Socket(LOOPBACK, listener.getLocalPort())) {
            List<FileInputStream> held = exhaustDescriptors();
            try {
                acceptOnServerSocket(listener).close();
                System.out.println("server-socket-emfile: accepted?!");
            } catch (IOException e) {
                release(held);
                System.out.println("server-socket-emfile: " + describe(e));
            }
            release(held);
            listener.accept().close(); // the connection was still queued
            System.out.println("server-socket-emfile: accepted after release");
        }
    }

    static Socket acceptOnServerSocket(ServerSocket listener) throws IOException {
        return listener.accept(); // @acceptOnServerSocket
    }

    static void serverSocketChannelTooManyOpenFiles() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            List<FileInputStream> held = exhaustDescriptors();
            try {
                acceptOnChannel(listener).close();
                System.out.println("server-socket-channel-emfile: accepted?!");
            } catch (IOException e) {
                release(held);
                System.out.println("server-socket-channel-emfile: " + describe(e));
            }
            release(held);
            listener.accept().close();
            System.out.println("server-socket-channel-emfile: accepted after release");
        }
    }

    static SocketChannel acceptOnChannel(ServerSocketChannel listener) throws IOException {
        return listener.accept(); // @acceptOnChannel
    }

    static void asyncServerSocketChannelTooManyOpenFiles() throws Exception {
        try (AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()
                .bind(new InetSocketAddress(LOOPBACK, 0));
             Socket client = new Socket(LOOPBACK, ((InetSocketAddress) listener.getLocalAddress()).getPort())) {
            List<FileInputStream> held = exhaustDescriptors();
            // The connection is already queued, so accept() tries at once on this thread and fails here.
            Future<AsynchronousSocketChannel> accepted = acceptOnAsyncChannel(listener);
            release(held);
            try {
                accepted.get().close();
                System.out.println("async-server-socket-channel-emfile: accepted?!");
            } catch (ExecutionException e) {
                System.out.println("async-server-socket-channel-emfile: " + describe(e.getCause()));
            }
            listener.accept().get().close();
            System.out.println("async-server-socket-channel-emfile: accepted after release");
        }
    }

    static Future<AsynchronousSocketChannel> acceptOnAsyncChannel(AsynchronousServerSocketChannel listener) {
        return listener.accept(); // @acceptOnAsyncChannel
    }

    static void serverSocketClosedWhileAccepting() throws Exception {
        ServerSocket listener = new ServerSocket(0, 50, LOOPBACK);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                listener.accept().close();
                outcome.complete("accepted?!");
            } catch (IOException e) {
                outcome.complete(describe(e));
            }
        }, "acceptor-server-socket");
        acceptor.start();
        awaitBlockedIn(acceptor, "accept");
        listener.close();
        System.out.println("server-socket-closed-while-accepting: " + outcome.get(30, TimeUnit.SECONDS));
    }

    static void serverSocketChannelClosedWhileAccepting() throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                listener.accept().close();
                outcome.complete("accepted?!");
            } catch (IOException e) {
                outcome.complete(describe(e));
            }
        }, "acceptor-server-socket-channel");
        acceptor.start();
        awaitBlockedIn(acceptor, "accept");
        listener.close();
        System.out.println("server-socket-channel-closed-while-accepting: " + outcome.get(30, TimeUnit.SECONDS));
    }

    static void asyncServerSocketChannelClosedWhileAccepting() throws Exception {
        AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()
                .bind(new InetSocketAddress(LOOPBACK, 0));
        // Nothing is queued, so the accept is pending when it returns: the close completes it.
        Future<AsynchronousSocketChannel> accepted = listener.accept();
        listener.close();
        try {
            accepted.get(30, TimeUnit.SECONDS).close();
            System.out.println("async-server-socket-channel-closed-while-accepting: accepted?!");
        } catch (ExecutionException e) {
            System.out.println("async-server-socket-channel-closed-while-accepting: " + describe(e.getCause()));
        }
    }

    /**
     * Waits until {@code thread} is inside a JDK accept method (its stack says so), so that the close below
     * really happens while it is blocked there.
     */
    static void awaitBlockedIn(Thread thread, String method) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = thread.getStackTrace();
            if (stack.length > 0 && stack[0].isNativeMethod() && stack[0].getMethodName().toLowerCase().contains(method)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException(thread.getName() + " never blocked in " + method);
    }

    /** Opens /dev/null until the process has no descriptor left (EMFILE); returns what it holds. */
    static List<FileInputStream> exhaustDescriptors() {
        List<FileInputStream> held = new ArrayList<>();
        while (true) {
            try {
                held.add(new FileInputStream("/dev/null"));
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("Too many open files")) {
                    throw new IllegalStateException("unexpected failure exhausting descriptors", e);
                }
                return held;
            }
            if (held.size() > 100_000) {
                throw new IllegalStateException("no EMFILE after 100,000 descriptors: run with ulimit -n");
            }
        }
    }

    static void release(List<FileInputStream> held) throws IOException {
        for (FileInputStream in : held) {
            in.close();
        }
        held.clear();
    }

    static String describe(Throwable failure) {
        return failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
