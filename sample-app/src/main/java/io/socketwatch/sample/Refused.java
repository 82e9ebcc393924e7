package io.socketwatch.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * {@code refused}: connecting to a loopback port where nothing listens.
 *
 * <ul>
 *   <li>Client (java.net.Socket): <b>connect</b> throws {@code java.net.ConnectException: Connection refused}
 *       (ECONNREFUSED: the kernel answers the SYN with an RST; JDK 11 says "Connection refused (Connection refused)").
 *       The client causes no RST; the socket is closed by the failed connect.</li>
 *   <li>Server: none; the port was bound and closed again to be sure nothing listens.</li>
 * </ul>
 */
final class Refused implements Scenario {

    @Override
    public String name() {
        return "refused";
    }

    @Override
    public String description() {
        return "java.net.Socket connects to a closed loopback port: connection refused";
    }

    @Override
    public List<String> expected() {
        return List.of("client connect -> ConnectException (connection refused)");
    }

    @Override
    public void run(Run run) throws Exception {
        Log log = run.client;
        InetSocketAddress closed = Net.closedPort();
        try (Socket socket = run.guard(new Socket())) {
            socket.connect(closed, Run.SAFETY_TIMEOUT_MILLIS);
            log.ok("connect");
        } catch (IOException e) {
            log.failed("connect", e);
        }
    }
}
