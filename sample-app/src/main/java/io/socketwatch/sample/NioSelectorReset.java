package io.socketwatch.sample;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code nio-selector-reset}: {@code reset-on-read} with a non-blocking SocketChannel driven by a Selector.
 *
 * <ul>
 *   <li>Server ({@link ResetServer}, ServerSocketChannel + blocking SocketChannel): accept, read 1 byte, close: all
 *       succeed. <b>This side causes the RST</b> by closing with 1 unread byte.</li>
 *   <li>Client (non-blocking SocketChannel + Selector): connect returns false (pending), select reports OP_CONNECT,
 *       finishConnect succeeds, write "ab" succeeds; after the server closed, select reports OP_READ (the RST makes
 *       poll return POLLERR|POLLHUP, which the selector turns into the interest set). <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset} (ECONNRESET; JDK 11:
 *       {@code java.io.IOException: Connection reset by peer}); the next <b>write</b> throws
 *       {@code java.io.IOException: Broken pipe} (EPIPE). close succeeds. The client causes no RST.</li>
 * </ul>
 */
final class NioSelectorReset implements Scenario {

    @Override
    public String name() {
        return "nio-selector-reset";
    }

    @Override
    public String description() {
        return "reset-on-read with a non-blocking SocketChannel and a Selector: reset on read, then broken pipe";
    }

    @Override
    public List<String> expected() {
        return Scenarios.concat(List.of(
                "client connect -> pending",
                "client select OP_CONNECT -> ready",
                "client finishConnect -> ok",
                "client write \"ab\" -> ok",
                "client select OP_READ -> ready",
                "client read -> SocketException (connection reset)",
                "client write \"c\" -> IOException (broken pipe)",
                "client close -> ok"),
                ResetServer.EXPECTED);
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        try (ServerSocketChannel listener = Net.listenChannel(run)) {
            CountDownLatch serverClosed = new CountDownLatch(1);
            ResetServer.start(run, listener, serverClosed);
            // Declared in this order so that the selector closes first: a channel still registered with a selector
            // is only really closed when the selector deregisters it.
            try (SocketChannel channel = run.guard(SocketChannel.open());
                    Selector selector = run.guard(Selector.open())) {
                channel.configureBlocking(false);
                // Non-blocking connect on Linux returns EINPROGRESS even on loopback: the handshake's answer is
                // queued on the socket while connect() holds its lock, so the state is still SYN_SENT when it returns.
                if (channel.connect(Net.address(listener))) {
                    log.ok("connect");
                } else {
                    log.add("connect", "pending");
                    SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
                    select(log, selector, key, "OP_CONNECT");
                    try {
                        log.add("finishConnect", channel.finishConnect() ? "ok" : "still pending");
                    } catch (IOException e) {
                        log.failed("finishConnect", e);
                    }
                }
                // A fresh connection's send buffer takes 2 bytes at once, so one non-blocking write sends them all.
                Io.write(log, ResetServer.REQUEST, channel);
                run.await(serverClosed, "server closed the connection");
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                select(log, selector, key, "OP_READ");
                Io.read(log, "read", channel);
                Io.write(log, "c", channel);
                selector.close();
                channel.close();
                log.ok("close");
            }
        }
    }

    private static void select(Log log, Selector selector, SelectionKey key, String interest) throws IOException {
        int ready = selector.select(Run.SAFETY_TIMEOUT_MILLIS);
        boolean selected = ready > 0 && selector.selectedKeys().remove(key);
        log.add("select " + interest, selected ? "ready" : "nothing ready");
    }
}
