package io.socketwatch.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * {@code nio-refused}: a non-blocking connect to a loopback port where nothing listens.
 *
 * <ul>
 *   <li>Client (non-blocking SocketChannel + Selector): connect returns false (pending: the RST answering the SYN is
 *       processed after connect() returned EINPROGRESS); select reports OP_CONNECT; <b>finishConnect</b> throws
 *       {@code java.net.ConnectException: Connection refused} (ECONNREFUSED read with getsockopt(SO_ERROR)) and the
 *       JDK closes the channel. The client causes no RST.</li>
 *   <li>Server: none.</li>
 * </ul>
 */
final class NioRefused implements Scenario {

    @Override
    public String name() {
        return "nio-refused";
    }

    @Override
    public String description() {
        return "non-blocking SocketChannel connects to a closed port; finishConnect: connection refused";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> pending",
                "client select OP_CONNECT -> ready",
                "client finishConnect -> ConnectException (connection refused)");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        InetSocketAddress closed = Net.closedPort();
        try (SocketChannel channel = run.guard(SocketChannel.open());
                Selector selector = run.guard(Selector.open())) {
            channel.configureBlocking(false);
            try {
                if (channel.connect(closed)) {
                    log.ok("connect");
                    return;
                }
                log.add("connect", "pending");
            } catch (IOException e) {
                log.failed("connect", e);
                return;
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            int ready = selector.select(Run.SAFETY_TIMEOUT_MILLIS);
            log.add("select OP_CONNECT", ready > 0 && selector.selectedKeys().remove(key) ? "ready" : "nothing ready");
            try {
                log.add("finishConnect", channel.finishConnect() ? "ok" : "still pending");
            } catch (IOException e) {
                log.failed("finishConnect", e);
            }
        }
    }
}
