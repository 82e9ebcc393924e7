package org.example.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The JDK HttpClient (java.net.http, HTTP/1.1) against loopback peers that misbehave, one scenario per run:
 * {@code java org.example.tls.HttpClientScenarios <scenario> <keystore.p12> <password>}. Every scenario sends one
 * request with send() (from {@link #sendSync}) and then one with sendAsync() (from {@link #sendAsync}), each to a
 * fresh peer: the agent's reports of each must point at that call, although the client's I/O runs on its selector
 * and executor threads.
 *
 * <ul>
 *   <li>{@code reset}: the peer reads the request and aborts the connection (SO_LINGER 0: RST).</li>
 *   <li>{@code refused}: nothing listens on the port.</li>
 *   <li>{@code half-close}: the peer reads the request and closes without answering (FIN): no socket fails.</li>
 *   <li>{@code https-reset}: as {@code reset} under TLS (the peer's TLS is layered over the accepted socket, so it
 *       can abort the TCP connection without a close_notify).</li>
 *   <li>{@code https-untrusted}: the client does not trust the peer's self-signed certificate.</li>
 * </ul>
 */
public final class HttpClientScenarios {

    private static final InetAddress LOOPBACK = SocketScenarios.LOOPBACK;
    private static final int SAFETY_TIMEOUT_MILLIS = 10_000;
    private static final int ACCEPT_POLL_MILLIS = 50;

    private HttpClientScenarios() {
    }

    public static void main(String[] args) throws Exception {
        Certificates certificates = Certificates.load(Paths.get(args[1]), args[2].toCharArray());
        String scenario = args[0];
        for (boolean sync : new boolean[] {true, false}) {
            run(scenario, certificates, sync);
        }
    }

    private static void run(String scenario, Certificates certificates, boolean sync) throws Exception {
        boolean https = scenario.startsWith("https-");
        SSLContext clientTls = scenario.startsWith("https-untrusted") ? Certificates.untrustingClient()
                : certificates.trustingClient();
        // HTTP/1.1, except https-untrusted-h2: HttpClient's default (HTTP/2 preferred, negotiated with ALPN in the
        // handshake, before any HTTP/1.1 exchange exists).
        HttpClient.Version version = scenario.endsWith("-h2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(clientTls)
                .connectTimeout(Duration.ofMillis(SAFETY_TIMEOUT_MILLIS)).build();
        if (scenario.equals("refused")) {
            int port;
            try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
                port = closed.getLocalPort();
            }
            send(client, uri(false, port), sync);
            return;
        }
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread peer = new Thread(() -> {
                try {
                    servePeer(scenario, certificates, listener, done);
                } catch (Exception e) {
                    Observed.failed("peer unexpected", e);
                }
            }, "peer");
            peer.setDaemon(true);
            peer.start();
            send(client, uri(https, listener.getLocalPort()), sync);
            done.set(true);
            peer.join(SAFETY_TIMEOUT_MILLIS);
        }
    }

    private static URI uri(boolean https, int port) {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + port + "/");
    }

    private static void send(HttpClient client, URI uri, boolean sync) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(SAFETY_TIMEOUT_MILLIS)).build();
        String step = sync ? "send" : "sendAsync";
        try {
            HttpResponse<String> response = sync ? sendSync(client, request) : sendAsync(client, request);
            Observed.line(step + " -> HTTP " + response.statusCode());
        } catch (IOException e) {
            Observed.failed(step, e);
        } catch (ExecutionException e) {
            Observed.failed(step, e.getCause());
        }
    }

    /** The application's synchronous call. */
    private static HttpResponse<String> sendSync(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The application's asynchronous call; the failure arrives through the future. */
    private static HttpResponse<String> sendAsync(HttpClient client, HttpRequest request)
            throws ExecutionException, InterruptedException {
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(2 * SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from sendAsync", e);
        }
    }

    // ---- the peer

    /**
     * Serves every connection the same way until the listener is closed: HttpClient retries a request whose
     * connection failed before any response byte on a new connection (once), and each is served alike.
     */
    private static void servePeer(String scenario, Certificates certificates, ServerSocket listener,
                                  java.util.concurrent.atomic.AtomicBoolean done) throws IOException {
        // Accept with a timeout and look at the flag, rather than close the listener under a blocked accept (which
        // the agent would rightly report as a socket closed under the application's own accept).
        listener.setSoTimeout(ACCEPT_POLL_MILLIS);
        while (!done.get()) {
            Socket accepted;
            try {
                accepted = listener.accept();
            } catch (java.net.SocketTimeoutException nobodyYet) {
                continue;
            }
            serveOne(scenario, certificates, accepted);
        }
    }

    private static void serveOne(String scenario, Certificates certificates, Socket connection) throws IOException {
        try (Socket accepted = connection) {
            accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
            InputStream in = accepted.getInputStream();
            if (scenario.startsWith("https-")) {
                SSLSocket tls = (SSLSocket) certificates.server().getSocketFactory()
                        .createSocket(accepted, LOOPBACK.getHostAddress(), accepted.getPort(), false);
                tls.setUseClientMode(false);
                if (!peerHandshake(tls)) {
                    return;
                }
                in = tls.getInputStream();
            }
            peerReadsRequest(in);
            if (scenario.endsWith("reset")) {
                peerAborts(accepted);
            } else {
                peerCloses(accepted);
            }
        }
    }

    private static boolean peerHandshake(SSLSocket tls) {
        try {
            tls.startHandshake();
            return true;
        } catch (IOException e) {
            Observed.failed("peer handshake", e);
            return false;
        }
    }

    /** Reads the request head, up to the empty line (a GET has no body). */
    private static void peerReadsRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in the request head");
            }
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
        Observed.ok("peer read the request");
    }

    private static void peerAborts(Socket accepted) throws IOException {
        accepted.setSoLinger(true, 0);
        accepted.close();
        Observed.ok("peer abort");
    }

    private static void peerCloses(Socket accepted) throws IOException {
        accepted.close();
        Observed.ok("peer close");
    }
}
