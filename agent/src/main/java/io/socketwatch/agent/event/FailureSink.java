package io.socketwatch.agent.event;

/** Where classified failures go (counted and reported by telemetry). Called on the failing thread: must be quick. */
public interface FailureSink {
    void accept(FailureEvent event);
}
