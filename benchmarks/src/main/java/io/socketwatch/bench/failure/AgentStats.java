package io.socketwatch.bench.failure;

import java.lang.reflect.Field;

/**
 * Reads the agent's own reporting counters by reflection, for the benchmarks only: how many failures its reporter
 * accepted into its queue, handled (reported through its outputs), and dropped (counted but not reported one by
 * one: over the span rate limit, or the queue was full). The path is Bridge.events (bootstrap loader) ->
 * SocketEventHandler.sink -> FailureReporter. Null when there is no agent, or when its internals moved (the
 * benchmarks then say "n/a" rather than fail).
 */
public final class AgentStats {

    public final long accepted;
    public final long handled;
    public final long dropped;

    private AgentStats(long accepted, long handled, long dropped) {
        this.accepted = accepted;
        this.handled = handled;
        this.dropped = dropped;
    }

    public static AgentStats read() {
        try {
            Class<?> bridge = Class.forName("io.socketwatch.agent.bootstrap.Bridge", false, null);
            Object handler = field(bridge, null, "events");
            Object reporter = field(handler.getClass(), handler, "sink");
            Object progress = field(reporter.getClass(), reporter, "progress");
            long accepted;
            long handled;
            synchronized (progress) {
                accepted = ((Number) field(reporter.getClass(), reporter, "accepted")).longValue();
                handled = ((Number) field(reporter.getClass(), reporter, "handled")).longValue();
            }
            java.lang.reflect.Method droppedMethod = reporter.getClass().getDeclaredMethod("dropped");
            droppedMethod.setAccessible(true);
            long dropped = ((Number) droppedMethod.invoke(reporter)).longValue();
            return new AgentStats(accepted, handled, dropped);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object field(Class<?> owner, Object target, String name) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        Object value = field.get(target);
        if (value == null) {
            throw new NoSuchFieldException(name + " is null");
        }
        return value;
    }

    /**
     * Whether the spans the agent makes are recording ones (sampled, with attributes and the exception event), not
     * no-op spans: starts a probe span on the agent's own tracer (OtlpOutput.tracer), which the agent's spans come
     * from too, and asks it. Null when there is no OTLP output (yet) or the internals moved.
     */
    public static Boolean spansRecording() {
        try {
            Object output = otlpOutput();
            if (output == null) {
                return null;
            }
            Object tracer = field(output.getClass(), output, "tracer");
            Object builder = call(tracer, "spanBuilder", new Class<?>[] {String.class}, "socketwatch-bench");
            Object span = call(builder, "startSpan", new Class<?>[0]);
            boolean recording = (Boolean) call(span, "isRecording", new Class<?>[0]);
            call(span, "end", new Class<?>[0]);
            return recording;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Asks the agent's tracer provider to export every span it holds, and waits until that export has ended (the
     * SDK's forceFlush: the batch span processor's own thread exports, the returned result completes after).
     * True when the flush succeeded; false on timeout, failure, or when there is no OTLP output.
     */
    public static boolean flushSpans(long timeoutMillis) {
        try {
            Object output = otlpOutput();
            if (output == null) {
                return false;
            }
            Object sdk = field(output.getClass(), output, "sdk");
            Object provider = call(sdk, "getSdkTracerProvider", new Class<?>[0]);
            Object result = call(provider, "forceFlush", new Class<?>[0]);
            Object joined = call(result, "join", new Class<?>[] {long.class, java.util.concurrent.TimeUnit.class},
                    timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return (Boolean) call(joined, "isSuccess", new Class<?>[0]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The agent's OtlpOutput (Bridge.events -> SocketEventHandler.sink -> FailureReporter.outputs), or null. */
    private static Object otlpOutput() throws ReflectiveOperationException {
        Class<?> bridge = Class.forName("io.socketwatch.agent.bootstrap.Bridge", false, null);
        Object handler = field(bridge, null, "events");
        Object reporter = field(handler.getClass(), handler, "sink");
        for (Object output : (java.util.List<?>) field(reporter.getClass(), reporter, "outputs")) {
            if (output.getClass().getSimpleName().equals("OtlpOutput")) {
                return output;
            }
        }
        return null;
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Method method = type.getDeclaredMethod(name, types);
                method.setAccessible(true);
                return method.invoke(target, args);
            } catch (NoSuchMethodException next) {
                // declared further up
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** Waits until the reporter has handled everything it accepted; false on timeout. */
    public static boolean awaitDrained(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            AgentStats stats = read();
            if (stats == null || stats.handled >= stats.accepted) {
                return stats != null;
            }
            Thread.sleep(1);
        }
        return false;
    }

    @Override
    public String toString() {
        return "accepted=" + accepted + " handled=" + handled + " dropped=" + dropped;
    }
}
