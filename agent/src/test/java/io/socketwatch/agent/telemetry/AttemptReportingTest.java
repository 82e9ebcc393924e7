package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AttemptReportingTest {

    @Test
    void thePolicyKeepsTheSdksDefaultsAndReportsEveryFailedAttempt() {
        ExportHealth health = new ExportHealth("spans");
        RetryPolicy policy = AttemptReporting.policy(health);
        RetryPolicy defaults = RetryPolicy.getDefault();

        assertEquals(defaults.getMaxAttempts(), policy.getMaxAttempts());
        assertEquals(defaults.getInitialBackoff(), policy.getInitialBackoff());
        assertEquals(defaults.getMaxBackoff(), policy.getMaxBackoff());
        assertEquals(defaults.getBackoffMultiplier(), policy.getBackoffMultiplier());

        assertFalse(health.failing());
        assertTrue(policy.getRetryExceptionPredicate().test(new SocketException("Connection reset by peer")));
        assertTrue(health.failing());
    }

    @Test
    void retriesWhatTheOkHttpSenderRetriesWithoutAPredicate() {
        assertTrue(AttemptReporting.retryableByDefault(new SocketTimeoutException("timeout")));
        assertTrue(AttemptReporting.retryableByDefault(new ConnectException("Connection refused")));
        assertTrue(AttemptReporting.retryableByDefault(new UnknownHostException("collector")));
        assertTrue(AttemptReporting.retryableByDefault(new SocketException("Connection reset")));
        assertFalse(AttemptReporting.retryableByDefault(new IOException("unexpected end of stream")));
        assertFalse(AttemptReporting.retryableByDefault(new InterruptedIOException("interrupted")));
    }

    @Test
    void aNonRetryableFailureIsReportedToo() {
        ExportHealth health = new ExportHealth("metrics");

        assertFalse(AttemptReporting.policy(health).getRetryExceptionPredicate()
                .test(new IOException("unexpected end of stream")));
        assertTrue(health.failing());
    }
}
