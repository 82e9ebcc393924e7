package io.socketwatch.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code stale-pooled-connection}: the JDK's own keep-alive pool (HttpURLConnection) reuses a connection that a
 * middlebox between it and the server dropped while it sat idle.
 *
 * <ul>
 *   <li>Server: the JDK's HttpServer ({@code com.sun.net.httpserver}) answers GET /hello with "hello" and
 *       {@code Keep-Alive: timeout=30}, so the client may keep the connection pooled for 30 s.</li>
 *   <li>Between them, {@link Middlebox}: forgets flows idle for more than {@link #MIDDLEBOX_IDLE_TIMEOUT_MILLIS}
 *       (an AWS NLB's 350 s scaled down to 5 s) without telling either side, and answers the next packet on a
 *       forgotten flow with RST. <b>This side causes the RST</b> (SO_LINGER 0), as the real middlebox would.</li>
 *   <li>Client (HttpURLConnection): GET /hello on a new connection succeeds; the connection goes back to the pool.
 *       After {@link #CLIENT_IDLE_MILLIS} of quiet, the next GET takes it from the pool: the request's
 *       <b>write succeeds</b> (it only copies into the socket's send buffer; the middlebox answers afterwards), and
 *       the <b>read</b> of the response meets the RST: {@code SocketException: Connection reset} (ECONNRESET, the
 *       first syscall after the RST, on a connection that had seen no FIN). HttpURLConnection then retries the GET
 *       once on a new connection (sun.net.www.http.HttpClient.parseHTTP retries a failed non-POST request once), which
 *       succeeds: the application gets "hello" and never hears of the reset. socketwatch reports it.</li>
 * </ul>
 */
final class StalePooledConnection implements Scenario {

    /** The middlebox's idle timeout: the 5 s fingerprint in socketwatch's table of well-known idle timeouts. */
    static final long MIDDLEBOX_IDLE_TIMEOUT_MILLIS = 5_000;
    /**
     * How long the client leaves the pooled connection idle: past the middlebox's timeout, and well inside what
     * the server announced (30 s), so the pool hands it out again. The middlebox measures the flow's quiet from the
     * response it relayed, which precedes the client's last read, so it sees at least this much: more than its
     * timeout, whatever the scheduling.
     */
    static final long CLIENT_IDLE_MILLIS = 5_200;

    @Override
    public String name() {
        return "stale-pooled-connection";
    }

    @Override
    public String description() {
        return "HttpURLConnection pool behind a middlebox that drops flows idle 5 s: reuse after 5.2 s is reset, retried";
    }

    @Override
    public List<String> expected() {
        return List.of(
                "client GET /hello on a new connection -> HTTP 200 \"hello\"",
                "client idle 5.2 s -> ok",
                "client GET /hello on the pooled connection -> HTTP 200 \"hello\"",
                "server middlebox flow 1 accept -> ok",
                "server http GET /hello -> 200",
                "server middlebox flow 1 client packet after the idle timeout -> RST",
                "server middlebox flow 2 accept -> ok",
                "server http GET /hello -> 200");
    }

    @Override
    public void run(Run run) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(Net.LOOPBACK, 0), 0);
        server.createContext("/hello", exchange -> respond(run.server, exchange));
        server.start();
        Middlebox middlebox = null;
        try {
            middlebox = Middlebox.start(run, server.getAddress(), MIDDLEBOX_IDLE_TIMEOUT_MILLIS, run.server);
            URL url = URI.create("http://127.0.0.1:" + middlebox.address().getPort() + "/hello").toURL();
            get(run.client, "GET /hello on a new connection", url);
            idle(CLIENT_IDLE_MILLIS);
            run.client.ok("idle 5.2 s");
            get(run.client, "GET /hello on the pooled connection", url);
        } finally {
            // The server first: its connections are idle, so stop() closes them (FIN) with no read of its own in
            // progress. Stopping the middlebox first would send the server EOFs that its dispatcher thread could be
            // reading while stop() closes the same channels: a failure of the demo's own making.
            server.stop(0);
            if (middlebox != null) {
                middlebox.close();
            }
        }
    }

    /** One GET through the JDK's keep-alive pool; reading the body to its end returns the connection to the pool. */
    private static void get(Log log, String operation, URL url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(Run.SAFETY_TIMEOUT_MILLIS);
            connection.setReadTimeout(Run.SAFETY_TIMEOUT_MILLIS);
            // Opens a socket only when the pool has no idle connection to this server.
            connection.connect(); // @connect
            int status = connection.getResponseCode(); // @response
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readAllBytes();
                log.add(operation, "HTTP " + status + " \"" + Net.text(body, body.length) + "\"");
            }
        } catch (IOException e) {
            log.failed(operation, e);
        }
    }

    /**
     * The deliberate quiet period (this is what the scenario is about, not a wait for another thread): at least
     * {@code millis}, measured on the monotonic clock.
     */
    private static void idle(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * The server's answer. It logs before responding, so its line precedes everything the response causes. Its
     * Keep-Alive header makes the JDK pool keep the connection for 30 s (without one, the pool's default is 5 s).
     */
    private static void respond(Log log, HttpExchange exchange) throws IOException {
        try {
            exchange.getRequestBody().readAllBytes();
            log.add("http " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(), "200");
            byte[] body = Net.bytes("hello");
            exchange.getResponseHeaders().set("Connection", "keep-alive");
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=30");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }
}
