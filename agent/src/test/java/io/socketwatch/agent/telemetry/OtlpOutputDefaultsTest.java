package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OtlpOutputDefaultsTest {

    private static final String PROTOCOL = "otel.exporter.otlp.protocol";
    private static final String LIMIT = "otel.attribute.value.length.limit";
    private static final String SPAN_LIMIT = "otel.span.attribute.value.length.limit";
    private static final String OUR_LIMIT = Integer.toString(OtlpOutput.SPAN_VALUE_LENGTH_DEFAULT);

    /** The user's settings, and what the agent adds on top of them (never one the user set, in either form). */
    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318"),
                        Map.of("otel.logs.exporter", "none", PROTOCOL, "http/protobuf", SPAN_LIMIT, OUR_LIMIT)),
                Arguments.of(Map.of(PROTOCOL, "grpc"),
                        Map.of("otel.logs.exporter", "none", SPAN_LIMIT, OUR_LIMIT)),
                Arguments.of(Map.of(LIMIT, "100000"),
                        Map.of("otel.logs.exporter", "none", PROTOCOL, "http/protobuf")),
                Arguments.of(Map.of(SPAN_LIMIT, "512", PROTOCOL, "http/protobuf"),
                        Map.of("otel.logs.exporter", "none")));
    }

    @ParameterizedTest
    @MethodSource("defaults")
    void neverALogExporterHttpProtobufAndABoundOnAttributeValuesUnlessConfigured(Map<String, String> user,
                                                                                  Map<String, String> added) {
        assertEquals(added, OtlpOutput.sdkDefaults(DefaultConfigProperties.createFromMap(user)));
    }
}
