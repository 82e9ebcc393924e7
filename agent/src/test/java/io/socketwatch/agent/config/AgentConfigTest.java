package io.socketwatch.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource({
        "none,                                , CONSOLE",
        "otel.exporter.otlp.endpoint,         http://collector:4318, OTLP",
        "otel.exporter.otlp.traces.endpoint,  http://collector:4318/v1/traces, OTLP",
        "otel.exporter.otlp.metrics.endpoint, http://collector:4318/v1/metrics, OTLP",
        "otel.traces.exporter,                otlp, OTLP",
        "otel.metrics.exporter,               otlp, OTLP",
        "socketwatch.output,                  both, BOTH",
        "socketwatch.output,                  console, CONSOLE",
    })
    void nothingConfiguredMeansConsoleAndNoNetwork(String key, String value, AgentConfig.Output expected) {
        Map<String, String> settings = value == null ? Map.of() : Map.of(key, value);
        assertEquals(expected, AgentConfig.of(settings).output());
    }

    @Test
    void disabledByItsOwnSwitchOrBySdkDisabled() {
        assertTrue(AgentConfig.of(Map.of()).enabled());
        assertFalse(AgentConfig.of(Map.of("socketwatch.enabled", "false")).enabled());
        assertFalse(AgentConfig.of(Map.of("otel.sdk.disabled", "true")).enabled());
    }

    @Test
    void agentArgumentsAreShortNamesForSettings() {
        assertEquals(Map.of("socketwatch.debug", "true", "socketwatch.output", "console"),
                AgentConfig.parseArgs("debug=true, socketwatch.output=console"));
        assertEquals(Map.of(), AgentConfig.parseArgs(null));
    }

    @Test
    void aBadNumberSaysWhichSettingAndWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.of(Map.of("socketwatch.queue.capacity", "lots")).queueCapacity());
        assertEquals("socketwatch.queue.capacity must be a whole number, not 'lots'", e.getMessage());
        assertEquals(10_000, AgentConfig.of(Map.of()).queueCapacity());
    }

    @Test
    void theExitWaitsAtMost750MillisecondsForTheCollectorUnlessTold() {
        assertEquals(750, AgentConfig.of(Map.of()).shutdownTimeoutMillis());
        assertEquals(3_000, AgentConfig.of(Map.of("socketwatch.shutdown.timeout.ms", "3000")).shutdownTimeoutMillis());
    }
}
