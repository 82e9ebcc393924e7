package io.socketwatch.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.event.TlsFacts;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.trace.ActiveTrace;
import io.socketwatch.agent.trace.TraceParent;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exports failures through the embedded (relocated) OpenTelemetry SDK, configured by the standard OTEL_* settings:
 * one span per failure and the exact {@code socketwatch.errors} counter. The SDK is private to the agent: it is
 * never registered as the global OpenTelemetry and never sees the application's own SDK or exporters.
 */
final class OtlpOutput implements FailureOutput {

    static final String SCOPE = "io.socketwatch";
    private static final AttributeKey<String> DROP_REASON = AttributeKey.stringKey("socketwatch.drop.reason");

    /** Held so that the level set on it is not lost when the logger is garbage collected (JUL keeps weak refs). */
    private static Logger sdkLogger;

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final ExportHealth spanHealth = new ExportHealth("spans");
    private final ExportHealth metricHealth = new ExportHealth("metrics");
    /** The exporters autoconfiguration built (one per configured exporter), to abort at exit: see close(). */
    private final List<SpanExporter> spanExporters = new CopyOnWriteArrayList<>();
    private final List<MetricExporter> metricExporters = new CopyOnWriteArrayList<>();
    private final DiagnosisTelemetry diagnosis;
    private final ExceptionAttributes exceptions;

    OtlpOutput(ErrorCounts counts, FailureReporterStats stats, String version) {
        quietSdkLogging();
        sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook()
                .addPropertiesCustomizer(OtlpOutput::sdkDefaults)
                .addSpanExporterCustomizer((exporter, config) -> remember(spanExporters, new WarningSpanExporter(
                        AttemptReporting.spans(exporter, config, spanHealth), spanHealth)))
                .addMetricExporterCustomizer((exporter, config) -> remember(metricExporters,
                        new WarningMetricExporter(AttemptReporting.metrics(exporter, config, metricHealth),
                                metricHealth)))
                .build()
                .getOpenTelemetrySdk();
        tracer = sdk.getTracer(SCOPE, version);
        exceptions = new ExceptionAttributes(sdk.getSdkTracerProvider().getSpanLimits().getMaxAttributeValueLength());
        sdk.getMeter(SCOPE).counterBuilder("socketwatch.errors")
                .setUnit("{error}")
                .setDescription("Socket failures seen by socketwatch, by error.type, operation, role and server")
                .buildWithCallback(measurement -> counts.forEach(
                        (key, count) -> measurement.record(count, counterAttributes(key))));
        Meter meter = sdk.getMeter(SCOPE);
        meter.counterBuilder("socketwatch.spans.dropped")
                .setUnit("{span}")
                .setDescription("Failures counted in socketwatch.errors but not reported as spans")
                .buildWithCallback(measurement -> {
                    measurement.record(stats.droppedOverRate(), Attributes.of(DROP_REASON, "rate_limited"));
                    measurement.record(stats.droppedQueueFull(), Attributes.of(DROP_REASON, "queue_full"));
                });
        meter.counterBuilder("socketwatch.agent.errors")
                .setUnit("{error}")
                .setDescription("Failures of the agent itself, contained before they reached the application")
                .buildWithCallback(measurement -> measurement.record(
                        Bridge.containedFailures() + ActiveTrace.failures()));
        diagnosis = new DiagnosisTelemetry(meter);
    }

    /**
     * What the agent sets on top of the user's OTEL_* settings. The agent emits spans and metrics only: a log
     * exporter would be an idle thread and connection. And OTLP over http/protobuf unless a protocol is configured,
     * as the README promises and the OpenTelemetry specification recommends: the Java SDK's autoconfiguration still
     * defaults to grpc (OtlpConfigUtil.getOtlpProtocol), so OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318
     * alone would send gRPC to the collector's HTTP port. A per-signal protocol setting still wins over this one.
     */
    static Map<String, String> sdkDefaults(ConfigProperties config) {
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.logs.exporter", "none");
        if (config.getString(PROTOCOL) == null) {
            defaults.put(PROTOCOL, "http/protobuf");
        }
        if (config.getString(VALUE_LENGTH_LIMIT) == null && config.getString(SPAN_VALUE_LENGTH_LIMIT) == null) {
            defaults.put(SPAN_VALUE_LENGTH_LIMIT, Integer.toString(SPAN_VALUE_LENGTH_DEFAULT));
        }
        return defaults;
    }

    private static final String PROTOCOL = "otel.exporter.otlp.protocol";
    private static final String VALUE_LENGTH_LIMIT = "otel.attribute.value.length.limit";
    private static final String SPAN_VALUE_LENGTH_LIMIT = "otel.span.attribute.value.length.limit";

    /**
     * Span attribute values are cut at this many characters unless OTEL_(SPAN_)ATTRIBUTE_VALUE_LENGTH_LIMIT says
     * otherwise (the SDK's own default is no limit). It bounds exception.stacktrace: the text rendered for a new
     * failure site (rendering stops at the limit, in ExceptionAttributes and in the SDK) and the memory each
     * remembered one holds. 8192 characters keep the top 60 to 80 frames of a typical server stack, where the
     * failing call and the application's code are.
     */
    static final int SPAN_VALUE_LENGTH_DEFAULT = 8192;

    private static <T> T remember(List<? super T> exporters, T exporter) {
        exporters.add(exporter);
        return exporter;
    }

    /**
     * The SDK reports failed exports through java.util.logging, once per attempt. The agent says it once itself
     * (see ExportHealth), so the SDK's loggers stay quiet unless socketwatch.debug is on.
     */
    private static void quietSdkLogging() {
        String name = OpenTelemetrySdk.class.getName();
        String root = name.substring(0, name.indexOf("opentelemetry") + "opentelemetry".length());
        sdkLogger = Logger.getLogger(root);
        if (!AgentLog.debugging()) {
            sdkLogger.setLevel(Level.OFF);
        }
    }

    @Override
    public void report(FailureEvent event, StackTraceElement frame) {
        SpanBuilder builder = tracer.spanBuilder("socket " + event.operation().value())
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(event.epochNanos(), TimeUnit.NANOSECONDS)
                .setAllAttributes(spanAttributes(event, frame));
        Span span = joinTrace(builder, event.traceParent()).startSpan();
        span.setStatus(StatusCode.ERROR, event.errorType().value());
        Throwable failure = event.failure();
        if (failure != null && span.isRecording()) { // a sampled-out span would drop the event anyway
            Attributes exception = exceptions.of(failure);
            if (exception != null) {
                span.addEvent(ExceptionAttributes.EVENT, exception);
            } else {
                span.recordException(failure);
            }
        }
        span.end(event.epochNanos(), TimeUnit.NANOSECONDS);
        diagnosis.record(event);
    }

    /**
     * The failure's span joins the application's trace as a child of the span that was current on the failing thread
     * (issue 5): a remote parent for this SDK, which shares nothing with the application's. Without one it is a
     * root span, as always. If the application's trace is not sampled, a child would be dropped by the default
     * parent-based sampler (the application does not export that trace either), and the failure would vanish from
     * the spans; so it stays a root span and carries a link to the application's span instead.
     */
    static SpanBuilder joinTrace(SpanBuilder builder, TraceParent parent) {
        if (parent == null) {
            return builder.setNoParent();
        }
        SpanContext remote = SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(),
                parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        if (!remote.isValid()) {
            return builder.setNoParent();
        }
        if (parent.sampled()) {
            return builder.setParent(Context.root().with(Span.wrap(remote)));
        }
        return builder.setNoParent().addLink(remote);
    }

    static Attributes spanAttributes(FailureEvent event, StackTraceElement frame) {
        AttributesBuilder attributes = Attributes.builder()
                .put("error.type", event.errorType().value())
                .put("socketwatch.operation", event.operation().value())
                .put("socketwatch.role", event.role().value())
                .put("network.transport", "tcp");
        InetSocketAddress peer = event.peer();
        if (peer != null) {
            attributes.put("network.type", Endpoints.networkType(peer))
                    .put("network.peer.address", Endpoints.address(peer))
                    .put("network.peer.port", (long) peer.getPort());
        }
        InetSocketAddress local = event.local();
        if (local != null) {
            attributes.put("network.local.address", Endpoints.address(local))
                    .put("network.local.port", (long) local.getPort());
            if (peer == null) {
                attributes.put("network.type", Endpoints.networkType(local));
            }
        }
        InetSocketAddress server = event.server();
        if (server != null) {
            attributes.put("server.address", Endpoints.serverAddress(server))
                    .put("server.port", (long) server.getPort());
        }
        if (frame != null) {
            attributes.put("code.function.name", frame.getClassName() + "." + frame.getMethodName());
            if (frame.getFileName() != null) {
                attributes.put("code.file.path", frame.getFileName());
            }
            if (frame.getLineNumber() > 0) {
                attributes.put("code.line.number", (long) frame.getLineNumber());
            }
        }
        if (event.resetCause() != null) {
            attributes.put("socketwatch.reset.cause", event.resetCause().value());
            if (event.unreadBytes() > 0) {
                attributes.put("socketwatch.reset.unread_bytes", (long) event.unreadBytes());
            }
        }
        TlsFacts tls = event.tls();
        if (tls != null) {
            attributes.put("socketwatch.tls", true);
            if (tls.protocolVersion() != null) {
                attributes.put("tls.protocol.name", "tls").put("tls.protocol.version", tls.protocolVersion());
            }
            if (tls.alert() != null) {
                attributes.put("socketwatch.tls.alert", tls.alert())
                        .put("socketwatch.tls.alert.origin", tls.alertOrigin());
            }
            if (tls.reason() != null) {
                attributes.put("socketwatch.tls.reason", tls.reason().value());
            }
        }
        attributes.put("thread.name", event.threadName());
        DiagnosisTelemetry.addTo(attributes, event);
        return attributes.build();
    }

    static Attributes counterAttributes(CounterKey key) {
        AttributesBuilder attributes = Attributes.builder()
                .put("error.type", key.errorType)
                .put("socketwatch.operation", key.operation)
                .put("socketwatch.role", key.role)
                .put("network.transport", "tcp");
        if (key.serverAddress != null) {
            attributes.put("server.address", key.serverAddress);
        }
        if (key.serverPort >= 0) {
            attributes.put(AttributeKey.longKey("server.port"), key.serverPort);
        }
        return attributes.build();
    }

    /**
     * Exports what is left (the batch span processor's queue, a last metric collection) within
     * {@code timeoutMillis}, waiting for neither signal once its endpoint is failing ({@link ExportHealth}).
     * Each provider shuts down on its own thread: SdkMeterProvider.shutdown() blocks its caller for as long as
     * PeriodicMetricReader waits for the export in progress and the final one (up to 5 s each), whatever
     * timeout is passed to join() afterwards.
     *
     * <p>A signal whose last export did not complete has its exporters shut down at once: that cancels the export's
     * call and its retries (OkHttp sender: dispatcher.cancelAll, executor shutdownNow), and over HTTP/1.1 closes its
     * connection. Left alone, the call's thread would still be blocked reading the socket of a collector that never
     * answers, and HotSpot's exit waits up to 300 ms for threads in native code (VM_Exit,
     * wait_for_threads_in_native_to_block). An HTTP/2 (gRPC) connection outlives its cancelled stream, so the exit
     * hook also closes the agent's own connections when this returns false (ConnectionLedger.closeInternal).
     */
    @Override
    public boolean close(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        CompletableResultCode spans = shutDownOnOwnThread("socketwatch-exit-spans",
                () -> sdk.getSdkTracerProvider().shutdown());
        CompletableResultCode metrics = shutDownOnOwnThread("socketwatch-exit-metrics",
                () -> sdk.getSdkMeterProvider().shutdown());
        sdk.getSdkLoggerProvider().shutdown(); // no exporter (otel.logs.exporter=none): nothing to wait for
        boolean spansDelivered = spanHealth.awaitUnlessFailing(spans, deadline) == ExportHealth.ExitWait.COMPLETED;
        if (!spansDelivered) {
            abort(spanExporters);
        }
        boolean metricsDelivered =
                metricHealth.awaitUnlessFailing(metrics, deadline) == ExportHealth.ExitWait.COMPLETED;
        if (!metricsDelivered) {
            abort(metricExporters);
        }
        return spansDelivered && metricsDelivered;
    }

    private static void abort(List<?> exporters) {
        for (Object exporter : exporters) {
            try {
                if (exporter instanceof SpanExporter) {
                    ((SpanExporter) exporter).shutdown();
                } else {
                    ((MetricExporter) exporter).shutdown();
                }
            } catch (RuntimeException | LinkageError e) {
                // The process is exiting; what the exporter could not release, the exit does.
            }
        }
    }

    private static CompletableResultCode shutDownOnOwnThread(String name, Supplier<CompletableResultCode> shutdown) {
        CompletableResultCode done = new CompletableResultCode();
        InternalThreads.newThread(name, () -> {
            try {
                CompletableResultCode result = shutdown.get();
                result.whenComplete(() -> {
                    if (result.isSuccess()) {
                        done.succeed();
                    } else {
                        done.fail();
                    }
                });
            } catch (RuntimeException | LinkageError e) {
                done.fail();
            }
        }).start();
        return done;
    }
}
