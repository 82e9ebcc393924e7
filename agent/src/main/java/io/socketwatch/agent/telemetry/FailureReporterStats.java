package io.socketwatch.agent.telemetry;

/** What the outputs may ask the reporter about itself. */
interface FailureReporterStats {
    long dropped();
}
