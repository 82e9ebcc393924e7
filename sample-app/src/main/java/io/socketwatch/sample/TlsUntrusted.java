package io.socketwatch.sample;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * {@code tls-untrusted}: a failure of TLS itself, on both sides. socketwatch reports {@code error.type} {@code tls},
 * operation {@code handshake}, with the alert and the reason.
 *
 * <ul>
 *   <li>Client (SSLSocket with the JDK's default trust store): <b>handshake</b> throws
 *       {@code SSLHandshakeException} (PKIX path building failed: the server's self-signed certificate is not
 *       trusted); the client sends the alert certificate_unknown. close succeeds.</li>
 *   <li>Server (SSLServerSocket): accept succeeds; <b>handshake</b> throws {@code SSLHandshakeException}
 *       (Received fatal alert: certificate_unknown). close succeeds.</li>
 * </ul>
 * The client closes with the rest of the server's handshake flight unread (an RST): a follow-on of the failed
 * handshake, not reported again. It closes only once the server's handshake has returned: the server writes its
 * flight in several records, and a client that closed as soon as its own handshake failed could reset the
 * connection before the server had read the alert, turning the server's outcome into a broken pipe (seen on JDK 11
 * on a loaded machine).
 */
final class TlsUntrusted implements Scenario {

    @Override
    public String name() {
        return "tls-untrusted";
    }

    @Override
    public String description() {
        return "SSLSocket client does not trust the server's self-signed certificate: handshake fails on both sides";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client connect -> ok",
                "client handshake -> SSLHandshakeException (untrusted certificate)",
                "client close -> ok",
                "server accept -> ok",
                "server handshake -> SSLHandshakeException (alert certificate_unknown received)",
                "server close -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        Tls tls = Tls.get();
        Log log = run.client;
        try (SSLServerSocket listener = run.guard((SSLServerSocket) tls.server().getServerSocketFactory()
                .createServerSocket(0, 50, Net.LOOPBACK))) {
            listener.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
            CountDownLatch serverHandshakeDone = new CountDownLatch(1);
            run.spawn("tls-server", run.server, () -> {
                try (SSLSocket accepted = run.guard((SSLSocket) listener.accept())) {
                    run.server.ok("accept");
                    accepted.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                    try {
                        Tls.handshake(run.server, accepted);
                    } finally {
                        serverHandshakeDone.countDown();
                    }
                    accepted.close();
                    run.server.ok("close");
                }
            });
            SSLSocket socket = run.guard((SSLSocket) SSLContext.getDefault().getSocketFactory()
                    .createSocket(Net.LOOPBACK, listener.getLocalPort()));
            try {
                socket.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                log.ok("connect");
                Tls.handshake(log, socket);
            } finally {
                serverHandshakeDone.await(Run.SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                socket.close();
                log.ok("close");
            }
        }
    }
}
