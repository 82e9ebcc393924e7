package io.socketwatch.it;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;

/**
 * One metric from one export request, with its resource and scope. {@code arrival} orders exports as they were
 * received (a tie-breaker when two data points carry the same time).
 */
public record ReceivedMetric(Resource resource, InstrumentationScope scope, Metric metric, long arrival) {

    public String name() {
        return metric.getName();
    }
}
