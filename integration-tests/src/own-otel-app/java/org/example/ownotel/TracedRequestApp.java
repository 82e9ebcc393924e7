package org.example.ownotel;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * An application with its own OpenTelemetry SDK (the one of OwnTelemetryApp, exported to the endpoint given) whose
 * request span meets a connection reset, for TraceCorrelationIT: the same read of a peer that resets every connection
 * (the test's, on a loopback port) inside the application's span "app-request", inside the context of a trace it does
 * not sample (fixed ids, so the test knows them), and outside any span. Prints only deterministic lines.
 *
 * <p>Usage: {@code TracedRequestApp http://127.0.0.1:<otlp port> <resetting port>}.
 */
public final class TracedRequestApp {

    /** The unsampled trace's span context (W3C trace-context example ids). */
    static final String UNSAMPLED_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String UNSAMPLED_SPAN_ID = "00f067aa0ba902b7";

    private TracedRequestApp() {
    }

    public static void main(String[] args) throws Exception {
        OpenTelemetrySdk sdk = OwnTelemetryApp.ownSdk(args[0]);
        int resettingPort = Integer.parseInt(args[1]);

        Span request = GlobalOpenTelemetry.getTracer(OwnTelemetryApp.SCOPE).spanBuilder("app-request")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = request.makeCurrent()) {
            System.out.println("in app-request: " + readFromResettingPeer(resettingPort));
        } finally {
            request.end();
        }

        SpanContext unsampled = SpanContext.create(UNSAMPLED_TRACE_ID, UNSAMPLED_SPAN_ID, TraceFlags.getDefault(),
                TraceState.getDefault());
        try (Scope ignored = Span.wrap(unsampled).makeCurrent()) {
            System.out.println("in an unsampled trace: " + readFromResettingPeer(resettingPort));
        }

        System.out.println("outside any span: " + readFromResettingPeer(resettingPort));

        boolean shutdown = sdk.shutdown().join(30, TimeUnit.SECONDS).isSuccess();
        System.out.println("own sdk flushed and shut down: " + shutdown);
    }

    /**
     * Connects and reads: the peer accepts and closes with SO_LINGER 0, so its kernel sends RST, and the blocking
     * read fails with "Connection reset" whether the RST arrived before it or while it waited.
     */
    private static String readFromResettingPeer(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            int read = socket.getInputStream().read(); // @read
            return "read returned " + read + " (unexpected)";
        } catch (IOException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
