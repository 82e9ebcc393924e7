package io.socketwatch.agent.telemetry;

import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/**
 * Rebuilds the OTLP exporters that autoconfiguration made so that every failed attempt is reported to the signal's
 * {@link ExportHealth}. The retry policy's exception predicate is the one place the SDK consults after each failed
 * attempt; it is kept deciding exactly as before. Other exporters (console, logging) are returned unchanged: they
 * do not retry, so their export outcome is the attempt's.
 */
final class AttemptReporting {

    /** autoconfigure's switch that leaves the OTLP exporters without any retry policy. */
    static final String RETRY_DISABLED = "otel.java.exporter.otlp.retry.disabled";

    private AttemptReporting() {
    }

    static SpanExporter spans(SpanExporter exporter, ConfigProperties config, ExportHealth health) {
        if (config.getBoolean(RETRY_DISABLED, false)) {
            return exporter;
        }
        SpanExporter rebuilt;
        if (exporter instanceof OtlpHttpSpanExporter) {
            rebuilt = ((OtlpHttpSpanExporter) exporter).toBuilder().setRetryPolicy(policy(health)).build();
        } else if (exporter instanceof OtlpGrpcSpanExporter) {
            rebuilt = ((OtlpGrpcSpanExporter) exporter).toBuilder().setRetryPolicy(policy(health)).build();
        } else {
            return exporter;
        }
        exporter.shutdown(); // never used: releases its HTTP client
        return rebuilt;
    }

    static MetricExporter metrics(MetricExporter exporter, ConfigProperties config, ExportHealth health) {
        if (config.getBoolean(RETRY_DISABLED, false)) {
            return exporter;
        }
        MetricExporter rebuilt;
        if (exporter instanceof OtlpHttpMetricExporter) {
            rebuilt = ((OtlpHttpMetricExporter) exporter).toBuilder().setRetryPolicy(policy(health)).build();
        } else if (exporter instanceof OtlpGrpcMetricExporter) {
            rebuilt = ((OtlpGrpcMetricExporter) exporter).toBuilder().setRetryPolicy(policy(health)).build();
        } else {
            return exporter;
        }
        exporter.shutdown();
        return rebuilt;
    }

    /** The SDK's default policy (attempts, back-off), whose predicate also reports each failed attempt. */
    static RetryPolicy policy(ExportHealth health) {
        RetryPolicy defaults = RetryPolicy.getDefault();
        Predicate<IOException> retryable = defaults.getRetryExceptionPredicate() != null
                ? defaults.getRetryExceptionPredicate() : AttemptReporting::retryableByDefault;
        return defaults.toBuilder().setRetryExceptionPredicate(failure -> {
            health.attemptFailed(failure);
            return retryable.test(failure);
        }).build();
    }

    /**
     * What the OkHttp sender retries when the policy has no predicate (RetryState.isRetryableException,
     * opentelemetry-exporter-sender-okhttp 1.67): time-outs, refused connections, unknown hosts and other socket
     * errors such as resets. Replaced by a predicate, that choice must be made here, identically.
     */
    static boolean retryableByDefault(IOException failure) {
        return failure instanceof SocketTimeoutException || failure instanceof ConnectException
                || failure instanceof UnknownHostException || failure instanceof SocketException;
    }
}
