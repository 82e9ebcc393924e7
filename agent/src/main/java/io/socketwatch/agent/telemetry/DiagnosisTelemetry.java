package io.socketwatch.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.socketwatch.agent.diagnose.ConnectionSnapshot;
import io.socketwatch.agent.diagnose.IdleBuckets;
import io.socketwatch.agent.event.FailureEvent;
import java.net.InetSocketAddress;

/**
 * The connection facts of a failure as span attributes, and the histograms of idle time and connection age at
 * failure (issue 5). Durations are in seconds, as OpenTelemetry's semantic conventions measure them.
 */
final class DiagnosisTelemetry {

    static final String IDLE_HISTOGRAM = "socketwatch.connection.idle_at_failure";
    static final String AGE_HISTOGRAM = "socketwatch.connection.age_at_failure";
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");

    private final DoubleHistogram idle;
    private final DoubleHistogram age;

    DiagnosisTelemetry(Meter meter) {
        idle = meter.histogramBuilder(IDLE_HISTOGRAM).setUnit("s")
                .setDescription("Seconds the connection was quiet before it failed (or before the request whose"
                        + " answer was the failure)")
                .setExplicitBucketBoundariesAdvice(IdleBuckets.bounds()).build();
        age = meter.histogramBuilder(AGE_HISTOGRAM).setUnit("s")
                .setDescription("Seconds since the connection opened when it failed")
                .setExplicitBucketBoundariesAdvice(IdleBuckets.bounds()).build();
    }

    /** Records the failure's idle time and age, if its connection's history is known. */
    void record(FailureEvent event) {
        ConnectionSnapshot c = event.connection();
        if (c == null) {
            return;
        }
        AttributesBuilder builder = Attributes.builder().put(ERROR_TYPE, event.errorType().value());
        InetSocketAddress server = event.server();
        if (server != null) {
            builder.put(SERVER_ADDRESS, Endpoints.serverAddress(server));
        }
        Attributes attributes = builder.build();
        long quiet = c.idleBeforeFailure();
        if (quiet >= 0) {
            idle.record(seconds(quiet), attributes);
        }
        if (c.age() >= 0) {
            age.record(seconds(c.age()), attributes);
        }
    }

    /** Adds the connection facts, hint and creation site of {@code event} to its span's attributes. */
    static void addTo(AttributesBuilder attributes, FailureEvent event) {
        ConnectionSnapshot c = event.connection();
        if (c == null) {
            return;
        }
        putSeconds(attributes, "socketwatch.connection.age", c.age());
        putSeconds(attributes, "socketwatch.connection.idle", c.idle());
        putSeconds(attributes, "socketwatch.connection.idle.read", c.sinceLastRead());
        putSeconds(attributes, "socketwatch.connection.idle.write", c.sinceLastWrite());
        putSeconds(attributes, "socketwatch.connection.idle_before_request", c.quietBeforeRequest());
        attributes.put("socketwatch.connection.bytes_in", c.bytesIn())
                .put("socketwatch.connection.bytes_out", c.bytesOut())
                .put("socketwatch.connection.exchanges", c.exchanges())
                .put("socketwatch.peer_closed_first", c.peerClosedFirst());
        if (c.soTimeoutMillis() >= 0) {
            attributes.put("socketwatch.connection.so_timeout_ms", (long) c.soTimeoutMillis());
        }
        if (c.keepAlive() != null) {
            attributes.put("socketwatch.connection.keepalive", c.keepAlive());
        }
        if (c.lingerZero()) {
            attributes.put("socketwatch.connection.linger_zero", true);
        }
        StackTraceElement createdAt = c.createdAt();
        if (createdAt != null) {
            attributes.put("socketwatch.connection.created_at", createdAt.toString());
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement frame : c.creationFrames()) {
                stack.append(stack.length() == 0 ? "" : "\n").append(frame);
            }
            attributes.put("socketwatch.connection.created_at.stack", stack.toString());
        }
        if (c.hint() != null) {
            attributes.put("socketwatch.hint", c.hint());
        }
    }

    private static void putSeconds(AttributesBuilder attributes, String key, long nanos) {
        if (nanos >= 0) {
            attributes.put(key, seconds(nanos));
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
