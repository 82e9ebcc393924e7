package io.socketwatch.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Unit tests run on unrelocated classes, so the OpenTelemetry API on this test's class path plays the application's
 * own API (what the thread's context class loader sees); the OpenTelemetry Java agent's bootstrap copy is absent
 * here (TraceCorrelationIT attaches the real one).
 */
class ActiveTraceTest {

    /** With a span processor: an SDK without any hands out invalid (non-recording) spans. */
    private static final SdkTracerProvider TRACER_PROVIDER = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
    private static final String NOWHERE = "io.socketwatch.agent.trace.NoSuchApi";

    @AfterAll
    static void shutDown() {
        TRACER_PROVIDER.shutdown();
    }

    @Test
    void namesTheTwoApisOutsideTheAgentsRelocation() {
        assertEquals("io.opentelemetry.api.trace.Span", ActiveTrace.APPLICATION_SPAN);
        assertEquals("io.opentelemetry.javaagent.shaded.io.opentelemetry.api.trace.Span", ActiveTrace.JAVAAGENT_SPAN);
    }

    @Test
    void noCurrentSpanNoParent() {
        long failures = ActiveTrace.failures();
        assertNull(new ActiveTrace().capture());
        assertEquals(failures, ActiveTrace.failures());
    }

    @Test
    void theCurrentSpanOfTheApplicationsApi() {
        Span span = TRACER_PROVIDER.get("test").spanBuilder("request").startSpan();
        TraceParent parent;
        try (Scope ignored = span.makeCurrent()) {
            parent = new ActiveTrace().capture();
        } finally {
            span.end();
        }
        assertNotNull(parent);
        assertEquals(span.getSpanContext().getTraceId(), parent.traceId());
        assertEquals(span.getSpanContext().getSpanId(), parent.spanId());
        assertTrue(parent.sampled());
        assertEquals("trace_id=" + parent.traceId() + " span_id=" + parent.spanId(), parent.toString());
    }

    @Test
    void anUnsampledTraceSaysSo() {
        SpanContext unsampled = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getDefault(), TraceState.getDefault());
        TraceParent parent;
        try (Scope ignored = Span.wrap(unsampled).makeCurrent()) {
            parent = new ActiveTrace().capture();
        }
        assertEquals("0af7651916cd43dd8448eb211c80319c", parent.traceId());
        assertEquals("b7ad6b7169203331", parent.spanId());
        assertFalse(parent.sampled());
    }

    @Test
    void theSameInstanceReadsEachTimeAnew() {
        ActiveTrace trace = new ActiveTrace();
        Span first = TRACER_PROVIDER.get("test").spanBuilder("first").startSpan();
        try (Scope ignored = first.makeCurrent()) {
            assertEquals(first.getSpanContext().getSpanId(), trace.capture().spanId());
        } finally {
            first.end();
        }
        assertNull(trace.capture(), "the scope was closed: no span any more");
    }

    @Test
    void aContextClassLoaderWithoutOpenTelemetryIsNoFailure() throws Exception {
        long failures = ActiveTrace.failures();
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        Span span = TRACER_PROVIDER.get("test").spanBuilder("invisible").startSpan();
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());
             Scope ignored = span.makeCurrent()) {
            thread.setContextClassLoader(bare);
            assertNull(new ActiveTrace().capture(), "that class loader cannot see the application's API");
        } finally {
            thread.setContextClassLoader(saved);
            span.end();
        }
        assertEquals(failures, ActiveTrace.failures());
    }

    @Test
    void anApiOfAnotherShapeIsCountedOnceAndNeverThrown() {
        long failures = ActiveTrace.failures();
        ActiveTrace trace = new ActiveTrace(NOWHERE, "io.socketwatch.agent.trace.fakeapi.broken.Span");
        assertNull(trace.capture());
        assertNull(trace.capture());
        assertEquals(failures + 1, ActiveTrace.failures(), "looked up once, cached as unusable");
    }

    @Test
    void aReadThatThrowsIsCountedAndNeverThrown() {
        long failures = ActiveTrace.failures();
        ActiveTrace trace = new ActiveTrace(NOWHERE, "io.socketwatch.agent.trace.fakeapi.throwing.Span");
        assertNull(trace.capture());
        assertNull(trace.capture());
        assertEquals(failures + 2, ActiveTrace.failures());
    }

    @Test
    void withoutTheJavaAgentsApiTheApplicationsAnswers() {
        // The Java agent's API is looked up in the bootstrap loader, where this test has none.
        Span span = TRACER_PROVIDER.get("test").spanBuilder("request").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            assertEquals(span.getSpanContext().getSpanId(),
                    new ActiveTrace(NOWHERE, ActiveTrace.APPLICATION_SPAN).capture().spanId());
            assertNull(new ActiveTrace(NOWHERE, NOWHERE).capture());
        } finally {
            span.end();
        }
    }
}
