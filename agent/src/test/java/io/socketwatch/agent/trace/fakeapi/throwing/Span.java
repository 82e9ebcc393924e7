package io.socketwatch.agent.trace.fakeapi.throwing;

/** OpenTelemetry's shape, but reading the current span throws (a broken context storage, say). */
public interface Span {

    static Span current() {
        throw new IllegalStateException("context storage broken");
    }

    SpanContext getSpanContext();
}
