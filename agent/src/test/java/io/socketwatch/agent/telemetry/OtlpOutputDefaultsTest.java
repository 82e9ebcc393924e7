package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpOutputDefaultsTest {

    @Test
    void httpProtobufUnlessAProtocolIsConfiguredAndNeverALogExporter() {
        assertEquals(Map.of("otel.logs.exporter", "none", "otel.exporter.otlp.protocol", "http/protobuf"),
                OtlpOutput.sdkDefaults(DefaultConfigProperties.createFromMap(
                        Map.of("otel.exporter.otlp.endpoint", "http://collector:4318"))));
        assertEquals(Map.of("otel.logs.exporter", "none"), OtlpOutput.sdkDefaults(DefaultConfigProperties
                .createFromMap(Map.of("otel.exporter.otlp.protocol", "grpc"))));
    }
}
