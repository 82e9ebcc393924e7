package io.socketwatch.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.socketwatch.agent.internal.AgentLog;

/** One warning for the whole run when exports fail, instead of one per export attempt. */
final class ExportWarning {

    private ExportWarning() {
    }

    static CompletableResultCode watch(CompletableResultCode result, String what) {
        result.whenComplete(() -> {
            if (!result.isSuccess()) {
                Throwable cause = result.getFailureThrowable();
                AgentLog.warnOnce("export-failed", "could not export " + what + " to the OpenTelemetry endpoint"
                        + (cause == null ? "" : " (" + cause + ")")
                        + "; failures are still counted and exports are retried. Check OTEL_EXPORTER_OTLP_ENDPOINT"
                        + " and that the collector is reachable. (Said once.)");
            }
        });
        return result;
    }
}
