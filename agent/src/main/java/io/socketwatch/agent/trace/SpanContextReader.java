package io.socketwatch.agent.trace;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads the current span of one copy of the OpenTelemetry API, found at run time: the application's own
 * {@code io.opentelemetry.api.trace.Span}, or the OpenTelemetry Java agent's relocated copy on the bootstrap class path.
 * Neither is the agent's embedded (relocated) API, so both are called through method handles, looked up once per copy:
 * {@code Span.current().getSpanContext()}, then the context's {@code isValid}, {@code getTraceId}, {@code getSpanId}
 * and {@code isSampled} (all public API since OpenTelemetry 1.0).
 */
final class SpanContextReader {

    private final MethodHandle currentContext;
    private final MethodHandle isValid;
    private final MethodHandle traceId;
    private final MethodHandle spanId;
    private final MethodHandle sampled;

    private SpanContextReader(MethodHandle currentContext, MethodHandle isValid, MethodHandle traceId,
                              MethodHandle spanId, MethodHandle sampled) {
        this.currentContext = currentContext;
        this.isValid = isValid;
        this.traceId = traceId;
        this.spanId = spanId;
        this.sampled = sampled;
    }

    /**
     * The reader for the API whose {@code Span} interface is {@code spanType}; its {@code SpanContext} is looked up
     * in the same package and class loader. Initialises neither class (that happens at the first read).
     */
    static SpanContextReader of(Class<?> spanType) throws ReflectiveOperationException {
        String name = spanType.getName();
        Class<?> contextType = Class.forName(name.substring(0, name.lastIndexOf('.') + 1) + "SpanContext", false,
                spanType.getClassLoader());
        // Public members of public types in packages every module can read (a class path jar's unnamed module, or an
        // automatic module): the public lookup suffices, and grants this agent nothing beyond what the API offers.
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle current = lookup.findStatic(spanType, "current", MethodType.methodType(spanType));
        MethodHandle getSpanContext = lookup.findVirtual(spanType, "getSpanContext",
                MethodType.methodType(contextType));
        return new SpanContextReader(
                MethodHandles.filterReturnValue(current, getSpanContext).asType(MethodType.methodType(Object.class)),
                getter(lookup, contextType, "isValid", boolean.class),
                getter(lookup, contextType, "getTraceId", String.class),
                getter(lookup, contextType, "getSpanId", String.class),
                getter(lookup, contextType, "isSampled", boolean.class));
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> type, String name, Class<?> returns)
            throws ReflectiveOperationException {
        return lookup.findVirtual(type, name, MethodType.methodType(returns))
                .asType(MethodType.methodType(returns, Object.class));
    }

    /** The current span's ids on this thread, or null when no valid span is current. */
    TraceParent read() throws Throwable {
        Object context = currentContext.invokeExact();
        if (context == null || !(boolean) isValid.invokeExact(context)) {
            return null;
        }
        return new TraceParent((String) traceId.invokeExact(context), (String) spanId.invokeExact(context),
                (boolean) sampled.invokeExact(context));
    }
}
