package io.socketwatch.bench.failure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal OTLP/HTTP receiver on loopback, run by the benchmark runner (outside the measured JVM, so its work and
 * garbage are not the measured process's), so that the agent makes and exports real spans without any network
 * beyond this machine: with no span exporter at all (otel.traces.exporter=none) the OpenTelemetry SDK hands out a
 * no-op tracer and no span would be made, so the cost measured would not be a span's. It answers every export
 * with an empty (valid) protobuf response and counts the spans it received by their name, which appears once per
 * span in the uncompressed protobuf body.
 */
public final class OtlpSink {

    static final byte[] SPAN_NAME = "socket write".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private OtlpSink(HttpServer server) {
        this.server = server;
    }

    public static OtlpSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        OtlpSink sink = new OtlpSink(server);
        server.createContext("/", sink::handle);
        server.start();
        return sink;
    }

    /** For -Dotel.exporter.otlp.endpoint (OTLP/HTTP, the default protocol). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void reset() {
        spans.set(0);
        requests.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                spans.addAndGet(count(bytes, SPAN_NAME));
            }
            requests.incrementAndGet();
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    static long count(byte[] haystack, byte[] needle) {
        long found = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }

    public long spans() {
        return spans.get();
    }

    public long requests() {
        return requests.get();
    }

    public void stop() {
        server.stop(0);
    }
}
