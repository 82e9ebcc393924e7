package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * {@code httpclient-reset}: the JDK HttpClient (java.net.http, HTTP/1.1) sends a GET; the server reads the request and
 * aborts the connection (SO_LINGER 0: RST).
 *
 * <ul>
 *   <li>Client (HttpClient.send): its first connection meets the RST on HttpClient's selector thread; HttpClient
 *       retries the GET once on a new connection (no response byte had arrived), which is reset too; <b>send</b> then
 *       throws {@code java.io.IOException: HTTP/1.1 header parser received no bytes}. socketwatch reports each reset
 *       once, pointing at this class's call of send(), where the request was made.</li>
 *   <li>Server (java.net.Socket), twice: accept, read the request head: succeed. <b>This side causes the RST</b>
 *       (SO_LINGER 0 and close).</li>
 * </ul>
 */
final class HttpClientReset implements Scenario {

    @Override
    public String name() {
        return "httpclient-reset";
    }

    @Override
    public String description() {
        return "JDK HttpClient GET; the server reads the request and resets: send fails, reported at the send call";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client send GET / -> IOException (no response)",
                "server connection 1 accept -> ok",
                "server connection 1 read request head -> ok",
                "server connection 1 close with SO_LINGER 0 -> ok",
                "server connection 2 accept -> ok",
                "server connection 2 read request head -> ok",
                "server connection 2 close with SO_LINGER 0 -> ok");
    }

    @Override
    public void run(Run run) throws Exception {
        try (ServerSocket listener = Net.listen(run)) {
            run.spawn("http-reset-server", run.server, () -> {
                // HttpClient retries a GET once on a new connection when the first failed before any response byte.
                for (int n = 1; n <= 2; n++) {
                    Log log = run.server.as("connection " + n);
                    try (Socket accepted = run.guard(listener.accept())) {
                        log.ok("accept");
                        accepted.setSoTimeout(Run.SAFETY_TIMEOUT_MILLIS);
                        readRequestHead(accepted.getInputStream());
                        log.ok("read request head");
                        accepted.setSoLinger(true, 0);
                        accepted.close();
                        log.ok("close with SO_LINGER 0");
                    }
                }
            });
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(Run.SAFETY_TIMEOUT_MILLIS)).build();
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/"))
                    .timeout(Duration.ofMillis(Run.SAFETY_TIMEOUT_MILLIS)).build();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                run.client.add("send GET /", "HTTP " + response.statusCode());
            } catch (IOException e) {
                run.client.failed("send GET /", e);
            }
        }
    }

    /** Reads up to the empty line that ends an HTTP request head (a GET has no body). */
    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in the request head");
            }
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
    }
}
