package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.trace.ActiveTrace;
import io.socketwatch.agent.trace.TraceParent;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, trace correlation: the span current on the failing thread is captured there (not on the reporter
 * thread), and the failure's span becomes its child, or a root span with a link when that trace is not sampled.
 */
class TraceCorrelationTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN_ID = "b7ad6b7169203331";
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 8080);

    @Test
    void theFailingThreadsSpanTravelsWithTheEventToTheReporterThread() throws Exception {
        BlockingQueue<FailureEvent> reported = new ArrayBlockingQueue<>(2);
        FailureOutput output = new FailureOutput() {
            @Override
            public void report(FailureEvent event, StackTraceElement frame) {
                reported.add(event);
            }

            @Override
            public boolean close(long timeoutMillis) {
                return true;
            }
        };
        FailureReporter reporter = new FailureReporter(new ErrorCounts(), new StackFrames(List.of("java.")), 10,
                new SpanRateLimit(100, 500, System.nanoTime()), () -> List.of(output), new ActiveTrace());
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
        Span request = tracerProvider.get("app").spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            reporter.accept(event());
        } finally {
            request.end();
        }
        reporter.accept(event());

        FailureEvent inRequest = reported.poll(10, TimeUnit.SECONDS);
        assertNotNull(inRequest, "the reporter thread reported nothing");
        assertEquals(request.getSpanContext().getTraceId(), inRequest.traceParent().traceId());
        assertEquals(request.getSpanContext().getSpanId(), inRequest.traceParent().spanId());
        FailureEvent outside = reported.poll(10, TimeUnit.SECONDS);
        assertNotNull(outside);
        assertNull(outside.traceParent(), "no span was current for the second failure");
        reporter.finish(100);
        tracerProvider.shutdown();
    }

    @Test
    void aSampledParentMakesTheFailureItsChild() {
        SpanData span = exported(new TraceParent(TRACE_ID, SPAN_ID, true));
        assertEquals(TRACE_ID, span.getTraceId());
        assertEquals(SPAN_ID, span.getParentSpanId());
        assertTrue(span.getParentSpanContext().isRemote());
        assertEquals(List.of(), span.getLinks());
        assertTrue(span.getSpanContext().isSampled());
    }

    @Test
    void anUnsampledParentLeavesARootSpanLinkedToIt() {
        SpanData span = exported(new TraceParent(TRACE_ID, SPAN_ID, false));
        assertFalse(span.getParentSpanContext().isValid(), "a root span");
        assertNotEquals(TRACE_ID, span.getTraceId());
        assertEquals(1, span.getLinks().size());
        SpanContext linked = span.getLinks().get(0).getSpanContext();
        assertEquals(TRACE_ID, linked.getTraceId());
        assertEquals(SPAN_ID, linked.getSpanId());
        assertFalse(linked.isSampled());
    }

    @Test
    void withoutParentARootSpanAsBefore() {
        SpanData span = exported(null);
        assertFalse(span.getParentSpanContext().isValid());
        assertEquals(List.of(), span.getLinks());
    }

    @Test
    void malformedIdsLeaveARootSpan() {
        SpanData span = exported(new TraceParent("not-hex", SPAN_ID, true));
        assertFalse(span.getParentSpanContext().isValid());
        assertEquals(List.of(), span.getLinks());
    }

    @Test
    void theConsoleLineNamesTheTrace() {
        FailureEvent event = event().withTraceParent(new TraceParent(TRACE_ID, SPAN_ID, true));
        assertEquals("socketwatch: connection_reset on read, client 127.0.0.1:50123 -> 127.0.0.1:8080 at"
                        + " com.shop.Pay.charge(Pay.java:42): java.net.SocketException: Connection reset"
                        + " (trace_id=" + TRACE_ID + " span_id=" + SPAN_ID + ")",
                ConsoleOutput.line(event, new StackTraceElement("com.shop.Pay", "charge", "Pay.java", 42)));
    }

    /** One span through OtlpOutput.joinTrace, as the SDK exports it. */
    private static SpanData exported(TraceParent parent) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            OtlpOutput.joinTrace(tracerProvider.get(OtlpOutput.SCOPE).spanBuilder("socket read"), parent)
                    .startSpan().end();
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(1, spans.size(), spans.toString());
            return spans.get(0);
        } finally {
            tracerProvider.shutdown();
        }
    }

    private static FailureEvent event() {
        return new FailureEvent(0, Operation.READ, ErrorType.CONNECTION_RESET, Role.CLIENT, PEER,
                new InetSocketAddress("127.0.0.1", 50123), new SocketException("Connection reset"), null, null, 0,
                "main");
    }
}
