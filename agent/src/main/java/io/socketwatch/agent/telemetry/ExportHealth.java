package io.socketwatch.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.socketwatch.agent.internal.AgentLog;
import java.util.concurrent.TimeUnit;

/**
 * Whether one signal's exports get through, known at every attempt: the exporter's retry policy reports each failed
 * attempt here ({@link AttemptReporting}), and each export's final outcome arrives here too. The attempt is what
 * tells in time: an export is retried with back-off for up to the exporter timeout (10 s by default), so its outcome
 * can come long after the endpoint was found failing, or not before the process exits.
 *
 * <p>At exit the agent waits for a signal's last export only while that signal's endpoint is not failing: a retry
 * back-off must not hold up the application's exit for an endpoint that just reset or refused the connection.
 * When exports fail, the agent says so once, for all signals together.
 */
final class ExportHealth {

    private final String signal;
    private final Object lock = new Object();
    /** Guarded by lock: a failed attempt or export since the last successful export. */
    private boolean failing;
    /** Guarded by lock: what the latest failure threw, if anything. */
    private Throwable cause;

    ExportHealth(String signal) {
        this.signal = signal;
    }

    /** One attempt of an export failed; a retry may follow. */
    void attemptFailed(Throwable failure) {
        synchronized (lock) {
            failing = true;
            cause = failure;
            lock.notifyAll();
        }
    }

    /** Tracks the final outcome of an export; warns (once) if it failed. */
    CompletableResultCode watch(CompletableResultCode result) {
        result.whenComplete(() -> {
            Throwable failure = result.getFailureThrowable();
            synchronized (lock) {
                failing = !result.isSuccess();
                cause = failing ? failure : null;
                lock.notifyAll();
            }
            if (!result.isSuccess()) {
                warn(failure);
            }
        });
        return result;
    }

    boolean failing() {
        synchronized (lock) {
            return failing;
        }
    }

    /** How the exit's wait for a signal's last export ended. */
    enum ExitWait {
        /** The export completed (successfully or not) in time. */
        COMPLETED,
        /** The endpoint was failing (refused, reset...): the export in progress was not waited for. */
        ABANDONED_FAILING,
        /** The deadline passed without an answer: the endpoint hangs, or is too slow for the exit. */
        NO_ANSWER
    }

    /**
     * At exit: waits until {@code lastExport} completed, this signal's endpoint is failing, or the deadline
     * ({@link System#nanoTime()}) passed. A failing endpoint gets no grace: the export still in progress would only
     * sleep between retries until the process is gone. Unless the export completed, the user is told (once, the
     * warning shared by all signals): an endpoint that never answered is as broken as one that refused, and the
     * exports it swallowed are lost.
     */
    ExitWait awaitUnlessFailing(CompletableResultCode lastExport, long deadlineNanos) {
        lastExport.whenComplete(() -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
        ExitWait outcome;
        Throwable abandonedFor;
        synchronized (lock) {
            while (!lastExport.isDone() && !failing) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            outcome = lastExport.isDone() ? ExitWait.COMPLETED : failing ? ExitWait.ABANDONED_FAILING
                    : ExitWait.NO_ANSWER;
            abandonedFor = cause;
        }
        if (outcome == ExitWait.ABANDONED_FAILING) {
            warn(abandonedFor);
        } else if (outcome == ExitWait.NO_ANSWER) {
            warn(" (no answer before the exit's deadline, socketwatch.shutdown.timeout.ms)");
        }
        return outcome;
    }

    private void warn(Throwable failure) {
        warn(failure == null ? "" : " (" + failure + ")");
    }

    private void warn(String why) {
        AgentLog.warnOnce("export-failed", "could not export " + signal + " to the OpenTelemetry endpoint" + why
                + "; socket failures are still counted and exports are retried while the application runs, but"
                + " its exit does not wait for a failing endpoint (for one that does not answer, at most"
                + " socketwatch.shutdown.timeout.ms). Check OTEL_EXPORTER_OTLP_ENDPOINT and that the collector is"
                + " reachable. (Said once.)");
    }
}
