package io.socketwatch.agent.telemetry;

/** What the outputs may ask the reporter about itself. */
interface FailureReporterStats {

    /** Failures counted but not reported one by one, for any reason. */
    default long dropped() {
        return droppedOverRate() + droppedQueueFull();
    }

    /** Over the span rate limit (socketwatch.spans.per-second / burst). */
    long droppedOverRate();

    /** The report queue was full (socketwatch.queue.capacity). */
    long droppedQueueFull();
}
