package io.socketwatch.agent.trace;

/**
 * The application's span that was current on the failing thread when the failure happened: its W3C trace and span
 * ids (lowercase hex, 32 and 16 characters, as OpenTelemetry's {@code SpanContext} gives them) and whether its trace
 * is sampled. Captured on the failing thread, read on the reporter thread.
 */
public final class TraceParent {

    private final String traceId;
    private final String spanId;
    private final boolean sampled;

    public TraceParent(String traceId, String spanId, boolean sampled) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.sampled = sampled;
    }

    public String traceId() {
        return traceId;
    }

    public String spanId() {
        return spanId;
    }

    /** The trace's sampled flag: whether the application's tracer records and exports this trace. */
    public boolean sampled() {
        return sampled;
    }

    @Override
    public String toString() {
        return "trace_id=" + traceId + " span_id=" + spanId;
    }
}
