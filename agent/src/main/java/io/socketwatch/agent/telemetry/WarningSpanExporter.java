package io.socketwatch.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Passes spans through, tracking in {@link ExportHealth} whether the endpoint takes them. */
final class WarningSpanExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final ExportHealth health;

    WarningSpanExporter(SpanExporter delegate, ExportHealth health) {
        this.delegate = delegate;
        this.health = health;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return health.watch(delegate.export(spans));
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
