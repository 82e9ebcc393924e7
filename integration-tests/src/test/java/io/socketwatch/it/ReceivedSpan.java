package io.socketwatch.it;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One span as received, with the resource and instrumentation scope it was exported under. */
public final class ReceivedSpan {

    private final Resource resource;
    private final InstrumentationScope scope;
    private final Span span;

    ReceivedSpan(Resource resource, InstrumentationScope scope, Span span) {
        this.resource = resource;
        this.scope = scope;
        this.span = span;
    }

    public Span span() {
        return span;
    }

    public Resource resource() {
        return resource;
    }

    public InstrumentationScope scope() {
        return scope;
    }

    public String name() {
        return span.getName();
    }

    public Span.SpanKind kind() {
        return span.getKind();
    }

    public Map<String, Object> attributes() {
        return OtlpAttributes.toMap(span.getAttributesList());
    }

    public boolean hasAttribute(String key) {
        return span.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals(key));
    }

    /** The string attribute, or null if absent; fails if it has another type. */
    public String stringAttribute(String key) {
        return OtlpAttributes.typed(span.getAttributesList(), key, String.class, describe());
    }

    /** The int attribute, or null if absent; fails if it has another type. */
    public Long longAttribute(String key) {
        return OtlpAttributes.typed(span.getAttributesList(), key, Long.class, describe());
    }

    /** A duration attribute in seconds (a double); fails if it is absent or has another type. */
    public double seconds(String key) {
        Double value = OtlpAttributes.typed(span.getAttributesList(), key, Double.class, describe());
        if (value == null) {
            throw new AssertionError(describe() + ": no attribute " + key);
        }
        return value;
    }

    /** The bool attribute, or null if absent; fails if it has another type. */
    public Boolean boolAttribute(String key) {
        return OtlpAttributes.typed(span.getAttributesList(), key, Boolean.class, describe());
    }

    public Map<String, Object> resourceAttributes() {
        return OtlpAttributes.toMap(resource.getAttributesList());
    }

    /** A resource string attribute such as service.name, or null. */
    public String resourceAttribute(String key) {
        return OtlpAttributes.typed(resource.getAttributesList(), key, String.class, describe() + " resource");
    }

    public List<Span.Event> events() {
        return span.getEventsList();
    }

    /** The first event with this name (e.g. "exception"). */
    public Optional<Span.Event> event(String name) {
        return span.getEventsList().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    /** The attributes of the first event with this name; empty map if there is no such event. */
    public Map<String, Object> eventAttributes(String name) {
        return event(name).map(e -> OtlpAttributes.toMap(e.getAttributesList())).orElse(Map.of());
    }

    public Status status() {
        return span.getStatus();
    }

    private String describe() {
        return "span '" + span.getName() + "'";
    }

    @Override
    public String toString() {
        return "span '" + span.getName() + "' kind=" + span.getKind() + " status=" + span.getStatus().getCode()
                + " scope=" + scope.getName() + " attributes=" + attributes() + " events="
                + span.getEventsList().stream().map(Span.Event::getName).toList();
    }
}
