package io.socketwatch.agent.trace.fakeapi.throwing;

public interface SpanContext {
    boolean isValid();

    String getTraceId();

    String getSpanId();

    boolean isSampled();
}
