package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.event.FailureEvent;

/** A destination for reported failures. Called on the reporter thread only. */
interface FailureOutput {

    /** Reports one failure; {@code frame} is the application frame that hit it, or null if unknown. */
    void report(FailureEvent event, StackTraceElement frame);

    /**
     * Delivers what is pending (and, at exit, the final counts) within the given time. Returns false if it gave up on
     * a delivery still in progress (an export to an endpoint that failed or did not answer).
     */
    boolean close(long timeoutMillis);
}
