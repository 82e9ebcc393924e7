package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OTLP http/protobuf by default, grpc when asked: with OTEL_EXPORTER_OTLP_PROTOCOL=grpc the agent's embedded
 * (relocated) SDK exports through its OkHttp sender over plaintext HTTP/2 and the receiver gets exactly what
 * {@link SampleScenariosIT} gets over http/protobuf, on every JDK; nothing goes to the HTTP side.
 */
class GrpcExportIT {

    private static final String SCENARIO = "reset-on-read";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void exportsTheScenarioOverGrpc(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.startWithGrpc()) {
            JvmResult run = JvmRun.on(jdk).withAgent().env(receiver.exporterEnvironment(OtlpReceiver.GRPC))
                    .env("OTEL_SERVICE_NAME", ScenarioAssertions.SAMPLE_SERVICE)
                    .sampleApp(SCENARIO).timeout(Duration.ofSeconds(60)).run();

            ScenarioAssertions.assertReportedExactly(SCENARIO, run, receiver);
            String context = run + "\n" + receiver.summary();
            assertTrue(receiver.requestCount(OtlpReceiver.GRPC_TRACES_PATH) >= 1, "spans over gRPC: " + context);
            assertTrue(receiver.requestCount(OtlpReceiver.GRPC_METRICS_PATH) >= 1, "metrics over gRPC: " + context);
            assertEquals(Set.of(OtlpReceiver.GRPC_TRACES_PATH, OtlpReceiver.GRPC_METRICS_PATH),
                    receiver.requestCounts().keySet(), "only gRPC traces and metrics, nothing over HTTP: " + context);
        }
    }
}
