package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proves the receiver's gRPC side decodes what the real OpenTelemetry SDK exports over OTLP/gRPC. */
class OtlpGrpcListenerTest {

    private static final Resource RESOURCE =
            Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "grpc-self-test"));

    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = OtlpReceiver.startWithGrpc();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void gzippedSpansAndCumulativeSumsLandInTheSameStorageAsHttp() {
        OtlpGrpcSpanExporter spanExporter = OtlpGrpcSpanExporter.builder()
                .setEndpoint(receiver.grpcEndpoint())
                .setCompression("gzip")
                .build();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(spanExporter))
                .build();
        OtlpGrpcMetricExporter metricExporter = OtlpGrpcMetricExporter.builder()
                .setEndpoint(receiver.grpcEndpoint())
                .build();
        PeriodicMetricReader reader =
                PeriodicMetricReader.builder(metricExporter).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider meterProvider =
                SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build();
        try {
            tracerProvider.get("grpc-test-scope").spanBuilder("socket read")
                    .setAttribute("error.type", "connection_reset")
                    .startSpan()
                    .setStatus(StatusCode.ERROR)
                    .end();
            assertSucceeded(tracerProvider.forceFlush());
            meterProvider.get("grpc-test-scope").counterBuilder("socketwatch.errors").build()
                    .add(3, Attributes.of(AttributeKey.stringKey("error.type"), "broken_pipe"));
            assertSucceeded(reader.forceFlush());
        } finally {
            tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
            meterProvider.shutdown().join(10, TimeUnit.SECONDS);
        }

        ReceivedSpan span = receiver.spansNamed("socket read").get(0);
        assertEquals("connection_reset", span.stringAttribute("error.type"), receiver.summary());
        assertEquals("grpc-test-scope", span.scope().getName());
        assertEquals("grpc-self-test", span.resourceAttribute("service.name"));
        assertEquals(3L, receiver.latestSumValue("socketwatch.errors", Map.of("error.type", "broken_pipe"))
                .orElseThrow(), receiver.summary());
        assertEquals(1, receiver.requestCount(OtlpReceiver.GRPC_TRACES_PATH), receiver.summary());
        assertTrue(receiver.requestCount(OtlpReceiver.GRPC_METRICS_PATH) >= 1, receiver.summary());
        assertEquals(0, receiver.requestCount(OtlpReceiver.TRACES_PATH), "nothing over HTTP: " + receiver.summary());
        assertEquals(List.of(), receiver.errors());
    }

    @Test
    void grpcPathsAreTheCollectorServicesExportMethods() {
        assertEquals("/opentelemetry.proto.collector.trace.v1.TraceService/Export", OtlpReceiver.GRPC_TRACES_PATH);
        assertEquals("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
                OtlpReceiver.GRPC_METRICS_PATH);
        assertEquals("/opentelemetry.proto.collector.logs.v1.LogsService/Export", OtlpReceiver.GRPC_LOGS_PATH);
        assertEquals(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.grpcEndpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), receiver.exporterEnvironment(OtlpReceiver.GRPC));
        assertTrue(receiver.grpcPort() != receiver.port());
    }

    @Test
    void recordsUndecodableMessagesAndUnknownMethodsAsErrors() {
        ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort())
                .usePlaintext()
                .build();
        try {
            byte[] garbage = {(byte) 0xff, 1, 2};
            StatusRuntimeException undecodable = assertThrows(StatusRuntimeException.class,
                    () -> call(channel, "opentelemetry.proto.collector.trace.v1.TraceService/Export", garbage));
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, undecodable.getStatus().getCode());
            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                    () -> call(channel, "opentelemetry.proto.collector.trace.v1.TraceService/Nope", new byte[0]));
            assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, unknown.getStatus().getCode());
        } finally {
            channel.shutdownNow();
        }

        assertEquals(Map.of(OtlpReceiver.GRPC_TRACES_PATH, 1,
                "/opentelemetry.proto.collector.trace.v1.TraceService/Nope", 1), receiver.requestCounts());
        assertEquals(2, receiver.errors().size(), receiver.summary());
        assertTrue(receiver.errors().get(0).startsWith("grpc INVALID_ARGUMENT " + OtlpReceiver.GRPC_TRACES_PATH),
                receiver.summary());
        assertTrue(receiver.errors().get(1).startsWith("grpc UNIMPLEMENTED"), receiver.summary());
        assertTrue(receiver.spans().isEmpty());
    }

    private static void call(ManagedChannel channel, String method, byte[] body) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(method)
                .setRequestMarshaller(OtlpGrpcListener.RawBytes.INSTANCE)
                .setResponseMarshaller(OtlpGrpcListener.RawBytes.INSTANCE)
                .build();
        ClientCalls.blockingUnaryCall(channel, descriptor,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
    }

    private void assertSucceeded(CompletableResultCode result) {
        assertTrue(result.join(10, TimeUnit.SECONDS).isSuccess(), () -> "export failed; " + receiver.summary());
    }
}
