package io.socketwatch.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Passes the agent's own metrics through, tracking in {@link ExportHealth} whether the endpoint takes them.
 *
 * <p>Only metrics of the agent's scope leave the process. Autoconfiguration hands the SDK's meter provider to the
 * batch span processor and to the OTLP exporters, which then record their own health (queueSize, processedSpans,
 * otlp.exporter.seen/exported...): metrics about the agent's export traffic, not about the application's sockets,
 * under the application's service name, where they would mix with the same series of the application's own SDK.
 */
final class WarningMetricExporter implements MetricExporter {

    private final MetricExporter delegate;
    private final ExportHealth health;

    WarningMetricExporter(MetricExporter delegate, ExportHealth health) {
        this.delegate = delegate;
        this.health = health;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        List<MetricData> own = agentScopeOnly(metrics);
        if (own.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        return health.watch(delegate.export(own));
    }

    static List<MetricData> agentScopeOnly(Collection<MetricData> metrics) {
        List<MetricData> own = new ArrayList<>(metrics.size());
        for (MetricData metric : metrics) {
            if (OtlpOutput.SCOPE.equals(metric.getInstrumentationScopeInfo().getName())) {
                own.add(metric);
            }
        }
        return own;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
