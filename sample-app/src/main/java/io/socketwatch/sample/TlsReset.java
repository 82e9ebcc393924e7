package io.socketwatch.sample;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLSocket;

/**
 * {@code tls-reset}: a reset under TLS. The transport fails, not TLS: socketwatch reports it once, at the TCP socket,
 * marked {@code socketwatch.tls} with {@code tls.protocol.version}.
 *
 * <ul>
 *   <li>Server (TLS layered over an accepted java.net.Socket): accept, handshake, read "ping": all succeed. Then it
 *       aborts the TCP connection under TLS (SO_LINGER 0 and close of the plain socket): an RST, and no TLS
 *       close_notify. <b>This side causes the RST.</b></li>
 *   <li>Client (SSLSocket): connect, handshake, write "ping" succeed. <b>read</b> throws
 *       {@code java.net.SocketException: Connection reset}: the JDK's TLS layer passes the transport's exception on
 *       unchanged. Before it does, it tries to send a fatal alert on the dead socket (EPIPE, added to its own records
 *       only): not a second failure, and not reported. close succeeds.</li>
 * </ul>
 */
final class TlsReset implements Scenario {

    private static final String REQUEST = "ping";

    @Override
    public String name() {
        return "tls-reset";
    }

    @Override
    public String description() {
        return "SSLSocket client reads after the server aborted the TCP connection under TLS: reset, marked TLS";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client handshake -> ok",
                "client write \"ping\" -> ok",
                "client read -> SocketException (connection reset)",
                "client close -> ok",
                "server accept -> ok",
                "server handshake -> ok",
                "server read 4 bytes -> \"ping\"",
                "server abort -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Tls tls = Tls.get();
        Log log = run.client;
        CountDownLatch aborted = new CountDownLatch(1);
        try (ServerSocket listener = Net.listen(run)) {
            run.spawn("tls-abort-server", run.server, () -> {
                try (Socket accepted = run.guard(listener.accept())) {
                    run.server.ok("accept");
                    accepted.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                    SSLSocket secure = tls.layerServer(accepted);
                    Tls.handshake(run.server, secure);
                    Io.readExactly(run.server, "read 4 bytes", secure.getInputStream(), REQUEST.length());
                    // The point of the scenario: the TCP connection ends with an RST under a live TLS session.
                    accepted.setSoLinger(true, 0);
                    accepted.close();
                    run.server.ok("abort");
                } finally {
                    aborted.countDown();
                }
            });
            SSLSocket socket = run.guard((SSLSocket) tls.trustingClient().getSocketFactory()
                    .createSocket(Net.LOOPBACK, listener.getLocalPort()));
            try {
                socket.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                log.ok("connect");
                Tls.handshake(log, socket);
                Io.write(log, REQUEST, socket.getOutputStream());
                run.await(aborted, "server aborted the connection");
                InputStream in = socket.getInputStream();
                Io.read(log, "read", in);
            } finally {
                socket.close();
                log.ok("close");
            }
        }
    }
}
