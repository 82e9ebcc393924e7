package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarningMetricExporterTest {

    /** What one collection holds: the agent's counter and, as autoconfiguration wires it, the SDK's own metrics. */
    private static Collection<MetricData> collection(boolean withAgentCounter) {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            if (withAgentCounter) {
                provider.get(OtlpOutput.SCOPE).counterBuilder("socketwatch.errors").build().add(1);
            }
            provider.get("io.opentelemetry.sdk.trace").upDownCounterBuilder("queueSize").build().add(3);
            provider.get("io.opentelemetry.exporters.otlp-http").counterBuilder("otlp.exporter.seen").build().add(2);
            return reader.collectAllMetrics();
        }
    }

    @Test
    void exportsOnlyTheAgentsOwnScope() {
        InMemoryMetricExporter delegate = InMemoryMetricExporter.create();
        WarningMetricExporter exporter = new WarningMetricExporter(delegate, new ExportHealth("metrics"));

        assertTrue(exporter.export(collection(true)).isSuccess());

        List<MetricData> exported = delegate.getFinishedMetricItems();
        assertEquals(List.of("socketwatch.errors"), exported.stream().map(MetricData::getName).toList());
    }

    @Test
    void aCollectionWithoutTheAgentsMetricsIsNotSentAtAll() {
        InMemoryMetricExporter delegate = InMemoryMetricExporter.create();
        WarningMetricExporter exporter = new WarningMetricExporter(delegate, new ExportHealth("metrics"));

        assertTrue(exporter.export(collection(false)).isSuccess());

        assertEquals(List.of(), delegate.getFinishedMetricItems());
    }
}
