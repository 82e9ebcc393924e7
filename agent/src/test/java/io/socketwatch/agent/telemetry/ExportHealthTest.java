package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExportHealthTest {

    private static long inMillis(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aFailedAttemptMarksTheEndpointFailingUntilAnExportSucceeds() {
        ExportHealth health = new ExportHealth("spans");
        assertFalse(health.failing());

        health.attemptFailed(new SocketException("Connection reset"));
        assertTrue(health.failing());

        health.watch(CompletableResultCode.ofSuccess());
        assertFalse(health.failing());

        health.watch(CompletableResultCode.ofFailure());
        assertTrue(health.failing());
    }

    @Test
    void exitDoesNotWaitForAFailingEndpoint() {
        ExportHealth health = new ExportHealth("metrics");
        health.attemptFailed(new SocketException("Connection reset"));
        CompletableResultCode neverDone = new CompletableResultCode();

        long start = System.nanoTime();
        assertEquals(ExportHealth.ExitWait.ABANDONED_FAILING,
                health.awaitUnlessFailing(neverDone, inMillis(60_000)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "returned without waiting");
    }

    @Test
    void exitStopsWaitingWhenTheLastExportsAttemptFails() throws InterruptedException {
        ExportHealth health = new ExportHealth("metrics");
        CompletableResultCode inProgress = new CompletableResultCode();
        Thread exporter = new Thread(() -> health.attemptFailed(new SocketException("Connection reset")));

        exporter.start();
        assertEquals(ExportHealth.ExitWait.ABANDONED_FAILING,
                health.awaitUnlessFailing(inProgress, inMillis(60_000)));
        exporter.join();
    }

    @Test
    void exitWaitsForAHealthyEndpointUntilTheExportCompletes() {
        ExportHealth health = new ExportHealth("spans");
        CompletableResultCode lastExport = new CompletableResultCode();
        new Thread(lastExport::succeed).start();

        assertEquals(ExportHealth.ExitWait.COMPLETED, health.awaitUnlessFailing(lastExport, inMillis(60_000)));
    }

    @Test
    void exitWaitsNoLongerThanTheDeadlineForAnEndpointThatNeverAnswers() {
        ExportHealth health = new ExportHealth("spans");

        long start = System.nanoTime();
        assertEquals(ExportHealth.ExitWait.NO_ANSWER,
                health.awaitUnlessFailing(new CompletableResultCode(), inMillis(50)));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(50), "waited until the deadline: " + waited);
    }

    @Test
    void aFailedLastExportCompletedAndIsNotAbandoned() {
        ExportHealth health = new ExportHealth("metrics");
        CompletableResultCode lastExport = health.watch(new CompletableResultCode());
        new Thread(lastExport::fail).start();

        assertEquals(ExportHealth.ExitWait.COMPLETED, health.awaitUnlessFailing(lastExport, inMillis(60_000)));
        assertTrue(health.failing());
    }
}
