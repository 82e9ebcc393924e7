package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the receiver decodes what the real OpenTelemetry SDK exports over http/protobuf. */
class OtlpReceiverTest {

    private static final Resource RESOURCE =
            Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "receiver-self-test"));

    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = OtlpReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void decodesGzippedSpansWithAttributesEventsResourceAndScope() {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(receiver.endpoint() + OtlpReceiver.TRACES_PATH)
                .setCompression("gzip")
                .build();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
        try {
            Span span = tracerProvider.get("receiver-test-scope", "1.2.3")
                    .spanBuilder("socket read")
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute("error.type", "connection_reset")
                    .setAttribute("network.peer.port", 5432L)
                    .setAttribute("socketwatch.first_failure", true)
                    .setAttribute("socketwatch.ratio", 0.5)
                    .startSpan();
            span.recordException(new java.net.SocketException("Connection reset"));
            span.setStatus(StatusCode.ERROR, "reset by peer");
            span.end();
            assertSucceeded(tracerProvider.forceFlush());
        } finally {
            tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
        }

        List<ReceivedSpan> spans = receiver.spansNamed("socket read");
        assertEquals(1, spans.size(), receiver.summary());
        ReceivedSpan span = spans.get(0);
        assertEquals(Map.of("error.type", "connection_reset", "network.peer.port", 5432L,
                "socketwatch.first_failure", true, "socketwatch.ratio", 0.5), span.attributes());
        assertEquals("connection_reset", span.stringAttribute("error.type"));
        assertEquals(5432L, span.longAttribute("network.peer.port"));
        assertEquals(true, span.boolAttribute("socketwatch.first_failure"));
        assertEquals(null, span.stringAttribute("absent"));
        assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT, span.kind());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.status().getCode());
        assertEquals("reset by peer", span.status().getMessage());
        assertEquals("receiver-test-scope", span.scope().getName());
        assertEquals("1.2.3", span.scope().getVersion());
        assertEquals("receiver-self-test", span.resourceAttribute("service.name"));

        Map<String, Object> exception = span.eventAttributes("exception");
        assertEquals("java.net.SocketException", exception.get("exception.type"));
        assertEquals("Connection reset", exception.get("exception.message"));
        assertTrue(((String) exception.get("exception.stacktrace")).contains("decodesGzippedSpans"));

        assertEquals(1, receiver.requestCount(OtlpReceiver.TRACES_PATH));
        assertEquals(List.of(), receiver.errors());
    }

    @Test
    void latestCumulativeSumValuePerAttributeSet() {
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(receiver.endpoint() + OtlpReceiver.METRICS_PATH)
                .build();
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider meterProvider =
                SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build();
        Attributes reset = Attributes.of(AttributeKey.stringKey("error.type"), "connection_reset",
                AttributeKey.longKey("server.port"), 443L);
        Attributes pipe = Attributes.of(AttributeKey.stringKey("error.type"), "broken_pipe");
        try {
            LongCounter failures = meterProvider.get("receiver-test-scope")
                    .counterBuilder("socketwatch.socket.failures")
                    .build();
            failures.add(2, reset);
            failures.add(1, pipe);
            assertSucceeded(reader.forceFlush());
            failures.add(3, reset);
            assertSucceeded(reader.forceFlush());
        } finally {
            meterProvider.shutdown().join(10, TimeUnit.SECONDS);
        }

        Map<String, Object> resetAttributes = Map.of("error.type", "connection_reset", "server.port", 443);
        assertEquals(5L, receiver.latestSumValue("socketwatch.socket.failures", resetAttributes).orElseThrow(),
                receiver.summary());
        assertEquals(1L, receiver.latestSumValue("socketwatch.socket.failures",
                Map.of("error.type", "broken_pipe")).orElseThrow());
        assertTrue(receiver.latestSumValue("socketwatch.socket.failures", Map.of("error.type", "connection_reset"))
                .isEmpty(), "a subset of the attributes must not match");
        assertEquals(Set.of(Map.of("error.type", "connection_reset", "server.port", 443L),
                Map.of("error.type", "broken_pipe")), receiver.attributeSets("socketwatch.socket.failures"));
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                receiver.metricsNamed("socketwatch.socket.failures").get(0).metric().getSum()
                        .getAggregationTemporality());
        assertTrue(receiver.requestCount(OtlpReceiver.METRICS_PATH) >= 2, receiver.summary());
        assertEquals(List.of(), receiver.errors());
    }

    @Test
    void rejectsWhatItCannotDecodeAndCountsEveryPath() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        assertEquals(400, post(client, "/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff, 1, 2}));
        assertEquals(415, post(client, "/v1/metrics", "application/json", "{}".getBytes()));
        assertEquals(404, post(client, "/v1/unknown", "application/x-protobuf", new byte[0]));
        assertEquals(200, post(client, "/v1/logs", "application/x-protobuf", new byte[0]));

        assertEquals(Map.of("/v1/traces", 1, "/v1/metrics", 1, "/v1/unknown", 1, "/v1/logs", 1),
                receiver.requestCounts());
        assertEquals(3, receiver.errors().size(), receiver.errors().toString());
        assertEquals(1, receiver.logRequests().size());
        assertTrue(receiver.spans().isEmpty());
    }

    private int post(HttpClient client, String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void assertSucceeded(CompletableResultCode result) {
        assertTrue(result.join(10, TimeUnit.SECONDS).isSuccess(), () -> "export failed; " + receiver.summary());
    }
}
