package io.socketwatch.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP (http/protobuf) collector for tests, on 127.0.0.1 and an ephemeral port: POST /v1/traces, /v1/metrics
 * and /v1/logs, gzip or not. Each request is decoded and stored BEFORE the 200 is sent, so once an exporter's call
 * returned (a child JVM's shutdown flush, for instance) its data is here. Thread-safe.
 *
 * <p>{@link #startWithGrpc()} also listens for OTLP/gRPC on a second port ({@link #grpcEndpoint()}, see
 * {@link OtlpGrpcListener}); both protocols feed the same storage, so every query below sees what either received.
 * gRPC calls are counted under their HTTP/2 paths ({@link #GRPC_TRACES_PATH}, ...).
 *
 * <p>Usage (span, metric and scenario names are illustrative):
 * <pre>{@code
 * try (OtlpReceiver receiver = OtlpReceiver.start()) {
 *     JvmRun.on(Jdk.JDK_17).withAgent().env(receiver.exporterEnvironment()).sampleApp("reset-on-read").run();
 *     ReceivedSpan span = receiver.spansNamed("socket read").get(0);
 *     assertEquals("connection_reset", span.stringAttribute("error.type"));
 *     assertEquals(1L, receiver.latestSumValue("socketwatch.socket.failures",
 *             Map.of("error.type", "connection_reset")).orElseThrow());
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

    public static final String TRACES_PATH = "/v1/traces";
    public static final String METRICS_PATH = "/v1/metrics";
    public static final String LOGS_PATH = "/v1/logs";
    public static final String GRPC_TRACES_PATH = OtlpGrpcListener.TRACES_PATH;
    public static final String GRPC_METRICS_PATH = OtlpGrpcListener.METRICS_PATH;
    public static final String GRPC_LOGS_PATH = OtlpGrpcListener.LOGS_PATH;
    /** OTEL_EXPORTER_OTLP_PROTOCOL values. */
    public static final String HTTP_PROTOBUF = "http/protobuf";
    public static final String GRPC = "grpc";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong arrivals = new AtomicLong();
    private final Map<String, AtomicInteger> requestsPerPath = new ConcurrentHashMap<>();
    private final List<ExportTraceServiceRequest> traceRequests = new CopyOnWriteArrayList<>();
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();
    private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();
    private final List<ExportLogsServiceRequest> logRequests = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile OtlpGrpcListener grpc;

    private OtlpReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts listening on 127.0.0.1 with an ephemeral port. */
    public static OtlpReceiver start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the OTLP receiver on 127.0.0.1", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "otlp-receiver-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        OtlpReceiver receiver = new OtlpReceiver(server, executor);
        server.createContext("/", receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    /** {@link #start()}, plus an OTLP/gRPC listener on another ephemeral port of 127.0.0.1. */
    public static OtlpReceiver startWithGrpc() {
        OtlpReceiver receiver = start();
        try {
            receiver.grpc = OtlpGrpcListener.start(receiver);
        } catch (RuntimeException | Error e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the base endpoint, the signal paths are appended by exporters. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** The gRPC listener's port; fails unless started with {@link #startWithGrpc()}. */
    public int grpcPort() {
        OtlpGrpcListener listener = grpc;
        if (listener == null) {
            throw new IllegalStateException("this receiver has no gRPC listener: start it with startWithGrpc()");
        }
        return listener.port();
    }

    /** {@code http://127.0.0.1:<grpc port>}: plaintext HTTP/2, as OTLP/gRPC exporters expect for an http endpoint. */
    public String grpcEndpoint() {
        return "http://127.0.0.1:" + grpcPort();
    }

    /**
     * OTEL_EXPORTER_OTLP_ENDPOINT (this receiver) and OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, for
     * {@link JvmRun#env(Map)}. Export intervals and exporter choices are the test's business.
     */
    public Map<String, String> exporterEnvironment() {
        return exporterEnvironment(HTTP_PROTOBUF);
    }

    /** As {@link #exporterEnvironment()}, for {@link #HTTP_PROTOBUF} or {@link #GRPC} (then the gRPC endpoint). */
    public Map<String, String> exporterEnvironment(String protocol) {
        String target = switch (protocol) {
            case HTTP_PROTOBUF -> endpoint();
            case GRPC -> grpcEndpoint();
            default -> throw new IllegalArgumentException("protocol " + protocol + ": this receiver speaks "
                    + HTTP_PROTOBUF + " and " + GRPC);
        };
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", target, "OTEL_EXPORTER_OTLP_PROTOCOL", protocol);
    }

    // ---------------------------------------------------------------- requests

    /** POSTs (or anything else) received on this path, decodable or not. */
    public int requestCount(String path) {
        AtomicInteger count = requestsPerPath.get(path);
        return count == null ? 0 : count.get();
    }

    /** Requests received per path, sorted by path. */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        requestsPerPath.forEach((path, count) -> counts.put(path, count.get()));
        return counts;
    }

    /** Requests that were not answered 200 (unknown path, wrong method or content type, undecodable body). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    public List<ExportTraceServiceRequest> traceRequests() {
        return List.copyOf(traceRequests);
    }

    public List<ExportMetricsServiceRequest> metricRequests() {
        return List.copyOf(metricRequests);
    }

    public List<ExportLogsServiceRequest> logRequests() {
        return List.copyOf(logRequests);
    }

    /** Forgets everything received so far (counts too). */
    public void clear() {
        requestsPerPath.clear();
        traceRequests.clear();
        spans.clear();
        metricRequests.clear();
        metrics.clear();
        logRequests.clear();
        errors.clear();
    }

    // ---------------------------------------------------------------- spans

    /** Every span received, in arrival order, each with its resource and scope. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The one span received with this error.type; fails if there are none or several. */
    public ReceivedSpan onlySpanWithErrorType(String errorType, String context) {
        List<ReceivedSpan> found = spans().stream().filter(s -> errorType.equals(s.stringAttribute("error.type")))
                .collect(java.util.stream.Collectors.toList());
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one span with error.type " + errorType + ", got "
                    + found.size() + "\n" + context);
        }
        return found.get(0);
    }

    public List<ReceivedSpan> spansNamed(String name) {
        return spans.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Waits until at least {@code count} spans match; fails with what was received if they don't in time. */
    public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> filter, int count, Duration timeout) {
        awaitCondition(() -> spans.stream().filter(filter).count() >= count, timeout,
                () -> "expected at least " + count + " matching spans");
        return spans.stream().filter(filter).toList();
    }

    public List<ReceivedSpan> awaitSpansNamed(String name, int count, Duration timeout) {
        return awaitSpans(s -> s.name().equals(name), count, timeout);
    }

    // ---------------------------------------------------------------- metrics

    /** Every metric of every export, in arrival order. */
    public List<ReceivedMetric> metrics() {
        return List.copyOf(metrics);
    }

    public List<ReceivedMetric> metricsNamed(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).toList();
    }

    public Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        metrics.forEach(m -> names.add(m.name()));
        return names;
    }

    /**
     * The data point with exactly these attributes (no more, no fewer) of the Sum metric {@code name}, from the latest
     * export that carried one: the highest time_unix_nano, ties broken by arrival. Cumulative temporality is assumed
     * (the OTel SDK default), so the latest point holds the final value; a DELTA sum fails here.
     */
    public Optional<NumberDataPoint> latestSumPoint(String name, Map<String, ?> attributes) {
        Map<String, Object> expected = OtlpAttributes.normalize(attributes);
        NumberDataPoint latest = null;
        long latestArrival = -1;
        for (ReceivedMetric m : metricsNamed(name)) {
            Metric metric = m.metric();
            if (!metric.hasSum()) {
                throw new AssertionError("metric " + name + " is " + metric.getDataCase() + ", not a Sum");
            }
            if (metric.getSum().getAggregationTemporality()
                    == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                throw new AssertionError("metric " + name + " has DELTA temporality; latestSum* assume CUMULATIVE");
            }
            for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                if (!OtlpAttributes.toMap(point.getAttributesList()).equals(expected)) {
                    continue;
                }
                if (latest == null || point.getTimeUnixNano() > latest.getTimeUnixNano()
                        || (point.getTimeUnixNano() == latest.getTimeUnixNano() && m.arrival() >= latestArrival)) {
                    latest = point;
                    latestArrival = m.arrival();
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** {@link #latestSumPoint}'s value for a long counter; empty if no such point; fails on a double sum. */
    public OptionalLong latestSumValue(String name, Map<String, ?> attributes) {
        Optional<NumberDataPoint> point = latestSumPoint(name, attributes);
        if (point.isEmpty()) {
            return OptionalLong.empty();
        }
        if (point.get().getValueCase() != NumberDataPoint.ValueCase.AS_INT) {
            throw new AssertionError("metric " + name + " " + attributes + " is " + point.get().getValueCase()
                    + ", use latestSumPoint(...).getAsDouble()");
        }
        return OptionalLong.of(point.get().getAsInt());
    }

    /** Every distinct attribute set seen on the data points of metric {@code name} (any point type). */
    public Set<Map<String, Object>> attributeSets(String name) {
        Set<Map<String, Object>> sets = new LinkedHashSet<>();
        for (ReceivedMetric m : metricsNamed(name)) {
            Metric metric = m.metric();
            switch (metric.getDataCase()) {
                case SUM -> metric.getSum().getDataPointsList()
                        .forEach(p -> sets.add(OtlpAttributes.toMap(p.getAttributesList())));
                case GAUGE -> metric.getGauge().getDataPointsList()
                        .forEach(p -> sets.add(OtlpAttributes.toMap(p.getAttributesList())));
                case HISTOGRAM -> metric.getHistogram().getDataPointsList()
                        .forEach(p -> sets.add(OtlpAttributes.toMap(p.getAttributesList())));
                case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList()
                        .forEach(p -> sets.add(OtlpAttributes.toMap(p.getAttributesList())));
                case SUMMARY -> metric.getSummary().getDataPointsList()
                        .forEach(p -> sets.add(OtlpAttributes.toMap(p.getAttributesList())));
                default -> {
                }
            }
        }
        return sets;
    }

    /** Waits until a Sum point with these attributes reaches at least {@code minimum}; returns the latest value. */
    public long awaitSumAtLeast(String name, Map<String, ?> attributes, long minimum, Duration timeout) {
        awaitCondition(() -> latestSumValue(name, attributes).orElse(Long.MIN_VALUE) >= minimum, timeout,
                () -> "expected metric " + name + " " + attributes + " >= " + minimum + ", latest "
                        + latestSumValue(name, attributes));
        return latestSumValue(name, attributes).orElseThrow();
    }

    /** Waits until {@code path} has received at least {@code count} requests. */
    public void awaitRequests(String path, int count, Duration timeout) {
        awaitCondition(() -> requestCount(path) >= count, timeout,
                () -> "expected at least " + count + " requests on " + path);
    }

    private void awaitCondition(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what.get() + " within " + timeout.toMillis() + " ms\n" + summary());
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what.get(), e);
            }
        }
    }

    /**
     * What was received, for assertion messages: requests per path, span names (each one up to
     * {@value #SUMMARY_SPANS_LISTED} spans, else a count per name), metric names, errors.
     */
    public String summary() {
        OtlpGrpcListener listener = grpc;
        List<String> names = spans.stream().map(ReceivedSpan::name).toList();
        Object spanSummary = names.size() <= SUMMARY_SPANS_LISTED ? names
                : names.size() + " " + names.stream().collect(Collectors.groupingBy(n -> n, TreeMap::new,
                        Collectors.counting()));
        return "OTLP receiver " + endpoint() + (listener == null ? "" : " and grpc 127.0.0.1:" + listener.port())
                + " received: requests " + requestCounts() + ", spans " + spanSummary + ", metrics " + metricNames()
                + (errors.isEmpty() ? "" : ", errors " + errors);
    }

    private static final int SUMMARY_SPANS_LISTED = 50;

    @Override
    public String toString() {
        return summary();
    }

    @Override
    public void close() {
        OtlpGrpcListener listener = grpc;
        if (listener != null) {
            listener.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            countRequest(path);
            byte[] body = readBody(exchange);
            if (!"POST".equals(exchange.getRequestMethod())) {
                reject(exchange, 405, path + ": method " + exchange.getRequestMethod());
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
                reject(exchange, 415, path + ": content type " + contentType + " (only http/protobuf is supported)");
                return;
            }
            MessageLite response;
            try {
                response = switch (path) {
                    case TRACES_PATH -> receiveTraces(ExportTraceServiceRequest.parseFrom(body));
                    case METRICS_PATH -> receiveMetrics(ExportMetricsServiceRequest.parseFrom(body));
                    case LOGS_PATH -> receiveLogs(ExportLogsServiceRequest.parseFrom(body));
                    default -> null;
                };
            } catch (InvalidProtocolBufferException e) {
                reject(exchange, 400, path + ": undecodable protobuf (" + body.length + " bytes): " + e.getMessage());
                return;
            }
            if (response == null) {
                reject(exchange, 404, path + ": unknown path");
                return;
            }
            byte[] bytes = response.toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.equalsIgnoreCase("gzip");
        try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private void reject(HttpExchange exchange, int status, String why) throws IOException {
        recordError(status + " " + why);
        exchange.sendResponseHeaders(status, -1);
    }

    // ---------------------------------------------------------------- shared by both protocols

    void countRequest(String path) {
        requestsPerPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    }

    void recordError(String error) {
        errors.add(error);
    }

    MessageLite receiveTraces(ExportTraceServiceRequest request) {
        traceRequests.add(request);
        List<ReceivedSpan> received = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    received.add(new ReceivedSpan(resourceSpans.getResource(), scopeSpans.getScope(), span));
                }
            }
        }
        spans.addAll(received);
        return ExportTraceServiceResponse.getDefaultInstance();
    }

    MessageLite receiveMetrics(ExportMetricsServiceRequest request) {
        metricRequests.add(request);
        long arrival = arrivals.incrementAndGet();
        List<ReceivedMetric> received = new ArrayList<>();
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    received.add(new ReceivedMetric(resourceMetrics.getResource(), scopeMetrics.getScope(), metric,
                            arrival));
                }
            }
        }
        metrics.addAll(received);
        return ExportMetricsServiceResponse.getDefaultInstance();
    }

    MessageLite receiveLogs(ExportLogsServiceRequest request) {
        logRequests.add(request);
        return ExportLogsServiceResponse.getDefaultInstance();
    }
}
