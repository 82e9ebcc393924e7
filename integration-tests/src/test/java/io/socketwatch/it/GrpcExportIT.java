package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OTLP http/protobuf by default, grpc when asked: with OTEL_EXPORTER_OTLP_PROTOCOL=grpc the agent's embedded
 * (relocated) SDK exports through its OkHttp sender over plaintext HTTP/2 and the receiver gets exactly what
 * {@link SampleScenariosIT} gets over http/protobuf, on every JDK; nothing goes to the HTTP side. With no protocol
 * configured at all it is http/protobuf.
 */
class GrpcExportIT {

    private static final String SCENARIO = "reset-on-read";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void exportsTheScenarioOverGrpc(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.startWithGrpc()) {
            JvmResult run = JvmRun.on(jdk).withAgent().env(receiver.exporterEnvironment(OtlpReceiver.GRPC))
                    .env("OTEL_SERVICE_NAME", ScenarioAssertions.SAMPLE_SERVICE)
                    .jvmArgs(JvmRun.EXIT_EXPORT_WAIT).sampleApp(SCENARIO).timeout(Duration.ofSeconds(60)).run();

            ScenarioAssertions.assertReportedExactly(SCENARIO, run, receiver);
            String context = run + "\n" + receiver.summary();
            assertTrue(receiver.requestCount(OtlpReceiver.GRPC_TRACES_PATH) >= 1, "spans over gRPC: " + context);
            assertTrue(receiver.requestCount(OtlpReceiver.GRPC_METRICS_PATH) >= 1, "metrics over gRPC: " + context);
            assertEquals(Set.of(OtlpReceiver.GRPC_TRACES_PATH, OtlpReceiver.GRPC_METRICS_PATH),
                    receiver.requestCounts().keySet(), "only gRPC traces and metrics, nothing over HTTP: " + context);
        }
    }

    /**
     * With only OTEL_EXPORTER_OTLP_ENDPOINT set, as the README's first example does, the agent speaks http/protobuf
     * (the Java SDK's own autoconfiguration would pick grpc).
     */
    @Test
    void exportsOverHttpProtobufWhenNoProtocolIsConfigured() {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(Jdk.JDK_17).withAgent()
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                    .env("OTEL_SERVICE_NAME", ScenarioAssertions.SAMPLE_SERVICE)
                    .jvmArgs(JvmRun.EXIT_EXPORT_WAIT).sampleApp(SCENARIO).timeout(Duration.ofSeconds(60)).run();

            ScenarioAssertions.assertReportedExactly(SCENARIO, run, receiver);
            assertEquals(Set.of(OtlpReceiver.TRACES_PATH, OtlpReceiver.METRICS_PATH), receiver.requestCounts().keySet(),
                    "traces and metrics over http/protobuf: " + run + "\n" + receiver.summary());
        }
    }
}
