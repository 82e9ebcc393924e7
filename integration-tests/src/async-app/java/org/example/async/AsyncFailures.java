package org.example.async;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * AsynchronousSocketChannel failures, each delivered the two ways the API has: to a CompletionHandler, or through a
 * Future. Every case uses its own connection and a peer in this program that resets (SO_LINGER 0, so the peer's
 * close sends RST; the agent reports that too, as reset_sent). Each case prints what the application got, one line;
 * the test asserts those lines and what the agent reported, with the method names below as the application frames.
 *
 * <p>Synchronisation is by kernel facts and latches only: on loopback the peer's RST is processed before its close()
 * returns, so a read started afterwards finds the reset at once ("now" cases, failing on this thread); a read
 * started before the reset is pending (the channel's group thread finds the reset: "later" cases).
 */
public final class AsyncFailures {

    private static final byte[] REQUEST = "ab".getBytes();

    public static void main(String[] args) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            handlerReadResetLater(listener);
            futureReadResetLater(listener);
            handlerResetNow(listener);
            futureResetNow(listener);
            futureConnectRefused();
            handlerConnectRefused();
            handlerReadTimeout(listener);
            handlerWriteTimeout(listener);
            readAfterClose(listener);
            closeWithReadPending(listener);
        }
        serverReadResetLater();
        serverClosesWithUnreadData();
        System.out.println("done");
    }

    /** A read is pending when the peer resets: the handler's failed method gets the reset. */
    static void handlerReadResetLater(ServerSocketChannel listener) throws Exception {
        try (AsynchronousSocketChannel channel = connect(listener)) {
            SocketChannel peer = listener.accept();
            Outcome read = new Outcome("handler-read-reset-later");
            channel.read(ByteBuffer.allocate(16), null, new PendingReadHandler(read));
            resetPeer(peer);
            read.await();
        }
    }

    /** A read is pending when the peer resets: Future.get throws it. */
    static void futureReadResetLater(ServerSocketChannel listener) throws Exception {
        try (AsynchronousSocketChannel channel = connect(listener)) {
            SocketChannel peer = listener.accept();
            Future<Integer> read = channel.read(ByteBuffer.allocate(16));
            resetPeer(peer);
            try {
                System.out.println("future-read-reset-later: ok " + read.get()); // @futureReadResetLater
            } catch (ExecutionException e) {
                System.out.println("future-read-reset-later: " + describe(e.getCause()));
            }
        }
    }

    /** The reset arrived before the read: the read fails at once, then the write gets EPIPE (handlers). */
    static void handlerResetNow(ServerSocketChannel listener) throws Exception {
        try (AsynchronousSocketChannel channel = connect(listener)) {
            resetPeer(listener.accept());
            Outcome read = new Outcome("handler-read-reset-now");
            handlerReadAfterReset(channel, read);
            read.await();
            Outcome write = new Outcome("handler-write-after-reset");
            handlerWriteAfterReset(channel, write);
            write.await();
        }
    }

    static void handlerReadAfterReset(AsynchronousSocketChannel channel, Outcome read) {
        channel.read(ByteBuffer.allocate(16), null, new OutcomeHandler<>(read)); // @handlerReadAfterReset
    }

    static void handlerWriteAfterReset(AsynchronousSocketChannel channel, Outcome write) {
        channel.write(ByteBuffer.wrap(REQUEST), null, new OutcomeHandler<>(write)); // @handlerWriteAfterReset
    }

    /** The same with futures. */
    static void futureResetNow(ServerSocketChannel listener) throws Exception {
        try (AsynchronousSocketChannel channel = connect(listener)) {
            resetPeer(listener.accept());
            print("future-read-reset-now", futureReadAfterReset(channel));
            print("future-write-after-reset", futureWriteAfterReset(channel));
        }
    }

    static Future<Integer> futureReadAfterReset(AsynchronousSocketChannel channel) {
        return channel.read(ByteBuffer.allocate(16)); // @futureReadAfterReset
    }

    static Future<Integer> futureWriteAfterReset(AsynchronousSocketChannel channel) {
        return channel.write(ByteBuffer.wrap(REQUEST)); // @futureWriteAfterReset
    }

    /** Nothing listens: the connect fails, through a Future. */
    static void futureConnectRefused() throws Exception {
        InetSocketAddress closed = closedPort();
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            try {
                System.out.println("future-connect-refused: ok " + channel.connect(closed).get()); // @futureConnectRefused
            } catch (ExecutionException e) {
                System.out.println("future-connect-refused: " + describe(e.getCause()));
            }
        }
    }

    /** Nothing listens: the connect fails, to a handler. */
    static void handlerConnectRefused() throws Exception {
        InetSocketAddress closed = closedPort();
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            Outcome connect = new Outcome("handler-connect-refused");
            channel.connect(closed, null, new ConnectHandler(connect)); // @handlerConnectRefused
            connect.await();
        }
    }

    /** The peer never answers: the read's own timeout expires. */
    static void handlerReadTimeout(ServerSocketChannel listener) throws Exception {
        try (AsynchronousSocketChannel channel = connect(listener); SocketChannel peer = listener.accept()) {
            Outcome read = new Outcome("handler-read-timeout");
            channel.read(ByteBuffer.allocate(16), 200, TimeUnit.MILLISECONDS, null, new TimeoutReadHandler(read));
            read.await();
        }
    }

    /**
     * The peer never reads: writes with a timeout go on until the send and receive buffers are full (small on
     * purpose), and the write that cannot proceed times out. Every earlier write completes: only one failure.
     */
    static void handlerWriteTimeout(ServerSocketChannel listener) throws Exception {
        try (AsynchronousSocketChannel channel = connect(listener)) {
            SocketChannel peer = listener.accept();
            peer.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            Outcome write = new Outcome("handler-write-timeout");
            new WriteUntilTimeoutHandler(channel, write).writeNext();
            write.await();
            // The peer never read what was written: closing it now sends RST (reset_sent, unread_data).
            peer.close(); // @handlerWriteTimeout.close
        }
    }

    /** A read on a channel this program already closed: fails at once, ClosedChannelException. */
    static void readAfterClose(ServerSocketChannel listener) throws Exception {
        AsynchronousSocketChannel channel = connect(listener);
        try (SocketChannel peer = listener.accept()) {
            channel.close();
            print("future-read-after-close", futureReadAfterClose(channel));
        }
    }

    /**
     * How an asynchronous application ends a connection: it closes the channel while its next read is pending. The
     * handler gets AsynchronousCloseException; that is the application's own action and is not reported.
     */
    static void closeWithReadPending(ServerSocketChannel listener) throws Exception {
        AsynchronousSocketChannel channel = connect(listener);
        try (SocketChannel peer = listener.accept()) {
            Outcome read = new Outcome("handler-read-pending-own-close");
            channel.read(ByteBuffer.allocate(16), null, new OutcomeHandler<>(read));
            channel.close();
            read.await();
        }
    }

    static Future<Integer> futureReadAfterClose(AsynchronousSocketChannel channel) {
        return channel.read(ByteBuffer.allocate(16)); // @futureReadAfterClose
    }

    /**
     * The server side: an AsynchronousServerSocketChannel accepts, its read is pending when the client resets. The
     * accepted channel is the server's: role server.
     */
    static void serverReadResetLater() throws Exception {
        try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Future<AsynchronousSocketChannel> accepted = server.accept();
            try (Socket client = new Socket()) {
                client.connect(server.getLocalAddress());
                try (AsynchronousSocketChannel channel = accepted.get()) {
                    Outcome read = new Outcome("server-read-reset-later");
                    channel.read(ByteBuffer.allocate(16), null, new ServerReadHandler(read));
                    resetClient(client);
                    read.await();
                }
            }
        }
    }

    /**
     * The Go article's server, asynchronous: it reads one of the client's two bytes and closes, so its kernel sends
     * RST (reset_sent, unread_data, at the close); the client's next read gets the reset.
     */
    static void serverClosesWithUnreadData() throws Exception {
        try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Future<AsynchronousSocketChannel> accepted = server.accept();
            try (Socket client = new Socket()) {
                client.connect(server.getLocalAddress());
                client.getOutputStream().write(REQUEST); // one write, one segment
                AsynchronousSocketChannel channel = accepted.get();
                channel.read(ByteBuffer.allocate(1)).get(); // "a"; "b" stays unread
                channel.close(); // @serverClosesWithUnreadData.close
                try {
                    System.out.println("client-read-after-server-close: ok " + client.getInputStream().read()); // @clientReadAfterServerClose
                } catch (IOException e) {
                    System.out.println("client-read-after-server-close: " + describe(e));
                }
            }
        }
    }

    static void resetPeer(SocketChannel peer) throws IOException {
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close(); // @resetPeer
    }

    static void resetClient(Socket client) throws IOException {
        client.setSoLinger(true, 0);
        client.close(); // @resetClient
    }

    static AsynchronousSocketChannel connect(ServerSocketChannel listener) throws Exception {
        AsynchronousSocketChannel channel = AsynchronousSocketChannel.open();
        channel.connect(listener.getLocalAddress()).get();
        return channel;
    }

    /** A port nothing listens on: bound and closed again (no listen), so the kernel answers a SYN with RST. */
    static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return new InetSocketAddress("127.0.0.1", probe.getLocalPort());
        }
    }

    static void print(String name, Future<?> future) throws InterruptedException {
        try {
            System.out.println(name + ": ok " + future.get());
        } catch (ExecutionException e) {
            System.out.println(name + ": " + describe(e.getCause()));
        }
    }

    static String describe(Throwable failure) {
        return failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** What one case's handler got, printed by the main thread once it arrived. */
    static final class Outcome {
        private final String name;
        private final CompletableFuture<String> result = new CompletableFuture<>();

        Outcome(String name) {
            this.name = name;
        }

        void completed(Object value) {
            result.complete("ok " + value);
        }

        void failed(Throwable failure) {
            result.complete(describe(failure));
        }

        void await() throws Exception {
            System.out.println(name + ": " + result.get(30, TimeUnit.SECONDS));
        }
    }

    static class OutcomeHandler<V> implements CompletionHandler<V, Object> {
        final Outcome outcome;

        OutcomeHandler(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void completed(V result, Object attachment) {
            outcome.completed(result);
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            outcome.failed(exc);
        }
    }

    static final class PendingReadHandler implements CompletionHandler<Integer, Object> {
        private final Outcome outcome;

        PendingReadHandler(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void completed(Integer result, Object attachment) {
            outcome.completed(result);
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            outcome.failed(exc); // @PendingReadHandler.failed
        }
    }

    static final class ServerReadHandler implements CompletionHandler<Integer, Object> {
        private final Outcome outcome;

        ServerReadHandler(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void completed(Integer result, Object attachment) {
            outcome.completed(result);
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            outcome.failed(exc); // @ServerReadHandler.failed
        }
    }

    static final class ConnectHandler implements CompletionHandler<Void, Object> {
        private final Outcome outcome;

        ConnectHandler(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void completed(Void result, Object attachment) {
            outcome.completed(result);
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            outcome.failed(exc); // @ConnectHandler.failed
        }
    }

    static final class TimeoutReadHandler implements CompletionHandler<Integer, Object> {
        private final Outcome outcome;

        TimeoutReadHandler(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public void completed(Integer result, Object attachment) {
            outcome.completed(result);
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            outcome.failed(exc); // @TimeoutReadHandler.failed
        }
    }

    static final class WriteUntilTimeoutHandler implements CompletionHandler<Integer, Object> {
        private final AsynchronousSocketChannel channel;
        private final Outcome outcome;
        private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);

        WriteUntilTimeoutHandler(AsynchronousSocketChannel channel, Outcome outcome) {
            this.channel = channel;
            this.outcome = outcome;
        }

        void writeNext() {
            chunk.clear();
            channel.write(chunk, 200, TimeUnit.MILLISECONDS, null, this);
        }

        @Override
        public void completed(Integer result, Object attachment) {
            writeNext();
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            outcome.failed(exc); // @WriteUntilTimeoutHandler.failed
        }
    }
}
