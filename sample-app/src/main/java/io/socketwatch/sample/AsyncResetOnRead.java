package io.socketwatch.sample;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code async-reset-on-read}: {@code reset-on-read} with an AsynchronousSocketChannel client whose read and write
 * report to a CompletionHandler, as asynchronous servers and clients do.
 *
 * <ul>
 *   <li>Server ({@link ResetServer}): accept, read 1 byte, close: all succeed. <b>This side causes the RST</b> by
 *       closing with 1 unread byte.</li>
 *   <li>Client (AsynchronousSocketChannel): connect and write "ab" (Futures) succeed. The <b>read</b> (started after
 *       the server closed, so the reset is already there) hands its handler
 *       {@code java.io.IOException: Connection reset} (JDK 11: {@code Connection reset by peer}; asynchronous channels
 *       never turn it into a SocketException). The next <b>write</b> hands its handler
 *       {@code java.io.IOException: Broken pipe}. close succeeds.</li>
 * </ul>
 * The application never catches these: the JDK calls the handler's failed method on its own thread pool.
 */
final class AsyncResetOnRead implements Scenario {

    private static final long HANDLER_WAIT_SECONDS = 10;

    @Override
    public String name() {
        return "async-reset-on-read";
    }

    @Override
    public String description() {
        return "reset-on-read with an AsynchronousSocketChannel client and CompletionHandlers";
    }

    @Override
    public List<String> expected() {
        return Scenarios.concat(List.of(
                "client connect -> ok",
                "client write \"ab\" -> ok",
                "client async read -> IOException (connection reset)",
                "client async write \"c\" -> IOException (broken pipe)",
                "client close -> ok"),
                ResetServer.EXPECTED);
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocketChannel listener = Net.listenChannel(run)) {
            CountDownLatch serverClosed = new CountDownLatch(1);
            ResetServer.start(run, listener, serverClosed);
            try (AsynchronousSocketChannel channel = run.guard(AsynchronousSocketChannel.open())) {
                channel.connect(Net.address(listener)).get(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS);
                log.ok("connect");
                ByteBuffer request = Net.buffer(ResetServer.REQUEST);
                channel.write(request).get(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS);
                log.ok("write \"" + ResetServer.REQUEST + "\"");
                run.await(serverClosed, "server closed the connection");
                Logged read = new Logged(log, "async read");
                channel.read(ByteBuffer.allocate(64), null, read);
                read.await();
                Logged write = new Logged(log, "async write \"c\"");
                channel.write(Net.buffer("c"), null, write);
                write.await();
                channel.close();
                log.ok("close");
            } catch (ExecutionException e) {
                log.failed("connect or first write", e.getCause());
            }
        }
    }

    /** A completion handler that logs what it got; the client waits for it before the next step. */
    private static final class Logged implements CompletionHandler<Integer, Object> {
        private final Log log;
        private final String operation;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Logged(Log log, String operation) {
            this.log = log;
            this.operation = operation;
        }

        @Override
        public void completed(Integer result, Object attachment) {
            log.add(operation, result < 0 ? "EOF" : "ok");
            done.complete(null);
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            log.add(operation, Failures.describe(exc, false));
            done.complete(null);
        }

        void await() throws Exception {
            done.get(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
