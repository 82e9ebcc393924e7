package org.example.otelagent;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A service without any OpenTelemetry code or library, for TraceCorrelationIT with the OpenTelemetry Java agent:
 * the agent traces its JDK HttpServer (a SERVER span current while the handler runs) and its HttpURLConnection
 * client (a CLIENT span). The handler calls an upstream that resets every connection (the test's, on a loopback
 * port): that reset happens inside the server span. Then the same upstream call outside any request. Prints only
 * deterministic lines.
 *
 * <p>Usage: {@code TracedService <resetting port>}.
 */
public final class TracedService {

    private TracedService() {
    }

    public static void main(String[] args) throws Exception {
        int upstreamPort = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/order", exchange -> {
            byte[] body = ("upstream: " + callUpstream(upstreamPort)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            HttpURLConnection connection = (HttpURLConnection) new URL(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/order").openConnection();
            // The server closes the connection after its response, so stopping it below closes no connection under
            // a keep-alive read.
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            String body;
            try (InputStream in = connection.getErrorStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            connection.disconnect();
            System.out.println("GET /order -> " + status + " " + body);
        } finally {
            server.stop(0);
        }
        System.out.println("outside any request: " + callUpstream(upstreamPort));
    }

    /**
     * Connects and reads: the upstream accepts and closes with SO_LINGER 0, so its kernel sends RST, and the blocking
     * read fails with "Connection reset" whether the RST arrived before it or while it waited.
     */
    private static String callUpstream(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            int read = socket.getInputStream().read(); // @upstream
            return "read returned " + read + " (unexpected)";
        } catch (IOException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
