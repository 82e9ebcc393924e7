package io.socketwatch.agent.trace;

import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.ledger.WeakIdentityMap;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds the application's current span on the failing thread, so that the failure's span can join the application's
 * trace. Called only for a failure that will be reported (never on healthy I/O), on the thread that met it, because
 * OpenTelemetry keeps the current span in a thread-local context.
 *
 * <p>Two places are asked, in this order (see build-support/JDK-INTERNALS.md, section 17):
 * <ol>
 *   <li>the OpenTelemetry Java agent's API, which it relocates to {@code io.opentelemetry.javaagent.shaded.} and
 *       appends (its whole jar) to the bootstrap class path: its context holds the spans of its instrumentation and,
 *       through its bridge, those the application makes with its own API;</li>
 *   <li>the application's own {@code io.opentelemetry.api}, as seen from the thread's context class loader (the system
 *       class loader if it has none): an application with its own SDK and no OpenTelemetry agent.</li>
 * </ol>
 * Both are different classes from the agent's embedded, relocated OpenTelemetry, so they are called through method
 * handles ({@link SpanContextReader}), looked up once per copy of the API and cached: the agent's API forever (boot
 * classes never unload), the application's per class loader, weakly, with the reader itself held by the API's
 * {@code Span} class (a {@link ClassValue}), so that a web application's class loader can still be unloaded.
 *
 * <p>A lookup that fails for another reason than "no such API here", or a read that throws, leaves the failure without
 * a parent, says so under {@code socketwatch.debug}, and is counted in {@code socketwatch.agent.errors}; it never
 * reaches the application.
 */
public final class ActiveTrace {

    /**
     * "io.opentelemetry", joined at run time: the agent jar relocates {@code io.opentelemetry} to its own prefix, and
     * maven-shade-plugin rewrites every string constant that starts with a relocated name too (see AgentConfig's
     * DEFAULT_LIBRARIES), which would turn these names into the agent's own relocated classes.
     */
    private static final String OTEL = String.join(".", "io", "opentelemetry");
    /** The application's own API. */
    static final String APPLICATION_SPAN = OTEL + ".api.trace.Span";
    /** The OpenTelemetry Java agent's relocated API (javaagent-shadowing: io.opentelemetry.api is relocated). */
    static final String JAVAAGENT_SPAN = OTEL + ".javaagent.shaded." + OTEL + ".api.trace.Span";

    private static final Object NONE = new Object();
    private static final AtomicLong failures = new AtomicLong();
    private static final ClassValue<Object> READERS = new ClassValue<Object>() {
        @Override
        protected Object computeValue(Class<?> spanType) {
            try {
                return SpanContextReader.of(spanType);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                failed("cannot read the current span of " + spanType.getName() + " in "
                        + spanType.getClassLoader(), e);
                return NONE;
            }
        }
    };

    /** Set while this thread reads: an application's API that does socket I/O itself must not recurse here. */
    private final ThreadLocal<Boolean> reading = new ThreadLocal<>();
    private final WeakIdentityMap<ClassLoader, Object> applicationApis = new WeakIdentityMap<>();
    private final String agentSpan;
    private final String applicationSpan;
    /** The OpenTelemetry Java agent's reader, NONE without that agent, null until first asked. */
    private volatile Object agentApi;

    public ActiveTrace() {
        this(JAVAAGENT_SPAN, APPLICATION_SPAN);
    }

    /** For tests: other names for the two APIs' {@code Span} interfaces. */
    ActiveTrace(String agentSpan, String applicationSpan) {
        this.agentSpan = agentSpan;
        this.applicationSpan = applicationSpan;
    }

    /** Failures of the lookups and reads (not "no OpenTelemetry here"), for socketwatch.agent.errors. */
    public static long failures() {
        return failures.get();
    }

    /** The span current on this thread, or null if there is none (or no OpenTelemetry at all). */
    public TraceParent capture() {
        if (reading.get() != null) {
            return null;
        }
        reading.set(Boolean.TRUE);
        try {
            TraceParent parent = read(agentReader());
            return parent != null ? parent : read(applicationReader());
        } finally {
            reading.remove();
        }
    }

    private static TraceParent read(Object reader) {
        if (!(reader instanceof SpanContextReader)) {
            return null;
        }
        try {
            return ((SpanContextReader) reader).read();
        } catch (Throwable e) {
            failed("reading the application's current span failed; this failure is reported without it", e);
            return null;
        }
    }

    private Object agentReader() {
        Object reader = agentApi;
        if (reader == null) {
            // Looked up at the first failure, when both agents' premain have run, whichever came first.
            Class<?> spanType = spanType(agentSpan, null);
            reader = spanType == null ? NONE : READERS.get(spanType);
            agentApi = reader;
        }
        return reader;
    }

    private Object applicationReader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ClassLoader.getSystemClassLoader();
        }
        Object known = applicationApis.get(loader);
        if (known == null) {
            Class<?> spanType = spanType(applicationSpan, loader);
            // The Span class, weakly: the reader itself hangs off that class (READERS), not off this map, which
            // would otherwise keep the class loader it is keyed by alive.
            known = spanType == null || READERS.get(spanType) == NONE ? NONE : new WeakReference<Class<?>>(spanType);
            applicationApis.put(loader, known);
        }
        if (known == NONE) {
            return NONE;
        }
        @SuppressWarnings("unchecked")
        Class<?> spanType = ((WeakReference<Class<?>>) known).get();
        return spanType == null ? NONE : READERS.get(spanType);
    }

    /** The {@code Span} interface {@code name} as {@code loader} (null: the bootstrap loader) sees it, or null. */
    private static Class<?> spanType(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return null; // no such OpenTelemetry here: the common case, not a failure
        } catch (LinkageError e) {
            failed("cannot load " + name + " from " + loader, e);
            return null;
        }
    }

    private static void failed(String what, Throwable e) {
        failures.incrementAndGet();
        AgentLog.debug(what + ": " + e);
    }
}
