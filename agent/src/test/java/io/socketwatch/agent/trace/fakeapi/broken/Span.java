package io.socketwatch.agent.trace.fakeapi.broken;

/** An API shaped unlike OpenTelemetry's: no static current(). */
public interface Span {
    SpanContext getSpanContext();
}
