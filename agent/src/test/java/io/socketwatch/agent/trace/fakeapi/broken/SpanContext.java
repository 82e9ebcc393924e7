package io.socketwatch.agent.trace.fakeapi.broken;

public interface SpanContext {
    boolean isValid();
}
