package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5, trace correlation: a socket failure's span joins the application's trace, as a child of the span that
 * was current on the thread that met the failure, with the real agent jar and a real OTLP receiver.
 * <ul>
 *   <li>An application with its own OpenTelemetry SDK (src/own-otel-app, TracedRequestApp; the libraries of
 *       OwnOpenTelemetryIT) reads from a peer that resets, inside its span "app-request", inside the context of a
 *       trace it does not sample, and outside any span: the first failure's span is a child of app-request (same trace
 *       id, parent span id = app-request's span id, both as the receiver got them from the two SDKs), the second a
 *       root span linked to the unsampled span, the third a root span as before. In console mode the line of the
 *       first names app-request's trace and span ids, the second the unsampled ones, the third none.</li>
 *   <li>The real OpenTelemetry Java agent from Maven Central, attached before and after socketwatch, traces a service
 *       without any OpenTelemetry code (src/otel-agent-app, TracedService): its JDK HttpServer handler calls an
 *       upstream that resets. The failure's span is a child of the agent's SERVER span; the same call outside any
 *       request is a root span. The application's output, and the OpenTelemetry agent's own spans (server, client,
 *       their parent link), are the same as with the OpenTelemetry agent alone.</li>
 * </ul>
 * Both agents read the same OTEL_* settings (socketwatch's own are socketwatch.* / SOCKETWATCH_*) and export to the
 * same receiver; the agent's telemetry is told apart by its instrumentation scope, io.socketwatch, and its metric names.
 */
class TraceCorrelationIT {

    private static final String AGENT_SCOPE = "io.socketwatch";
    private static final String RESET = "connection_reset read client";

    private static final String OWN_MAIN = "org.example.ownotel.TracedRequestApp";
    private static final String OWN_SERVICE = "own-otel-app";
    private static final String OWN_APP_SCOPE = "test-app";
    /** TracedRequestApp's unsampled span context. */
    private static final String UNSAMPLED_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UNSAMPLED_SPAN_ID = "00f067aa0ba902b7";
    private static final List<String> OWN_STDOUT = List.of(
            "in app-request: java.net.SocketException: Connection reset",
            "in an unsampled trace: java.net.SocketException: Connection reset",
            "outside any span: java.net.SocketException: Connection reset",
            "own sdk flushed and shut down: true");

    private static final String SERVICE_MAIN = "org.example.otelagent.TracedService";
    private static final String SERVICE = "traced-service";
    private static final List<String> SERVICE_STDOUT = List.of(
            "GET /order -> 502 upstream: java.net.SocketException: Connection reset",
            "outside any request: java.net.SocketException: Connection reset");

    private static String ownOtelClassPath;

    @BeforeAll
    static void compileTheOwnSdkApplication() throws IOException {
        // OwnOpenTelemetryIT's application source and libraries, compiled into a folder of this test's own (that test
        // empties its folder before compiling).
        Path appLibs = ChildPrograms.existingDirectory("socketwatch.app.libs", "target/app-libs",
                "copied by maven-dependency-plugin (execution own-opentelemetry-app-libs) in generate-test-resources");
        Path source = ChildPrograms.existingDirectory("socketwatch.own-otel-app.source", "src/own-otel-app/java",
                "the application's source, in the integration-tests module");
        List<Path> libs;
        try (Stream<Path> files = Files.list(appLibs)) {
            libs = files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        ownOtelClassPath = ChildPrograms.compile(source, libs,
                Paths.get("target/trace-correlation/own-otel-app/classes").toAbsolutePath().normalize());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theApplicationsOwnSpanIsTheFailuresParent(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start(); ResettingEndpoint peer = ResettingEndpoint.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent()
                    .env(receiver.exporterEnvironment()).env("OTEL_SERVICE_NAME", OWN_SERVICE)
                    .jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .mainClass(ownOtelClassPath, OWN_MAIN, receiver.endpoint(), Integer.toString(peer.port()))
                    .timeout(Duration.ofSeconds(60)).run();
            String context = run + "\n" + receiver.summary();
            run.assertExitCode(0);
            assertEquals(OWN_STDOUT, run.stdoutLines(), "the application's output\n" + context);
            assertSilent(run, context);
            assertEquals(List.of(), receiver.errors(), context);

            ReceivedSpan request = only(receiver, s -> s.scope().getName().equals(OWN_APP_SCOPE), "app-request",
                    context);
            assertEquals("app-request", request.name(), context);

            List<ReceivedSpan> failures = socketwatchSpans(receiver);
            String frame = new ChildReports("own-otel-app", OWN_MAIN)
                    .expect(RESET, ".readFromResettingPeer", "read");
            assertEquals(List.of(frame, frame, frame), failures.stream().map(ChildReports::describe)
                    .collect(Collectors.toList()), "socketwatch's spans\n" + context);
            failures.forEach(span -> ScenarioAssertions.assertSpanContract(span, OWN_SERVICE, "org.example.ownotel.",
                    context));

            ReceivedSpan inRequest = only(failures, s -> !s.span().getParentSpanId().isEmpty(), "with a parent",
                    context);
            assertChildOf(request, inRequest, context);
            ReceivedSpan inUnsampled = only(failures, s -> s.span().getLinksCount() > 0, "with a link", context);
            assertRoot(inUnsampled, context);
            Span.Link link = inUnsampled.span().getLinks(0);
            assertEquals(UNSAMPLED_TRACE_ID, hex(link.getTraceId()), "linked to the unsampled span: " + context);
            assertEquals(UNSAMPLED_SPAN_ID, hex(link.getSpanId()), context);
            assertNotEquals(UNSAMPLED_TRACE_ID, hex(inUnsampled.span().getTraceId()), context);
            ReceivedSpan outside = only(failures,
                    s -> s.span().getParentSpanId().isEmpty() && s.span().getLinksCount() == 0, "root", context);
            assertRoot(outside, context);

            assertEquals(Map.of(RESET, 3L), ErrorsCounter.finalTotals(receiver, context), context);
            AgentCounters.assertNoContainedErrors(run, receiver, context);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theConsoleLineNamesTheApplicationsTrace(Jdk jdk) {
        try (OtlpReceiver receiver = OtlpReceiver.start(); ResettingEndpoint peer = ResettingEndpoint.start()) {
            // No OTEL_* setting: socketwatch prints; the application's SDK exports to the receiver it is given.
            JvmResult run = JvmRun.on(jdk).withAgent()
                    .mainClass(ownOtelClassPath, OWN_MAIN, receiver.endpoint(), Integer.toString(peer.port()))
                    .timeout(Duration.ofSeconds(60)).run();
            String context = run + "\n" + receiver.summary();
            run.assertExitCode(0);
            assertEquals(OWN_STDOUT, run.stdoutLines(), "the application's output\n" + context);
            ReceivedSpan request = only(receiver, s -> s.scope().getName().equals(OWN_APP_SCOPE), "app-request",
                    context);
            List<String> lines = run.stderrLines().stream().filter(l -> l.startsWith("socketwatch: connection_reset"))
                    .collect(Collectors.toList());
            assertEquals(3, lines.size(), context);
            String reset = " at " + OWN_MAIN + ".readFromResettingPeer(TracedRequestApp.java:"
                    + new ChildReports("own-otel-app", OWN_MAIN).line("read")
                    + "): java.net.SocketException: Connection reset";
            assertTrue(lines.get(0).endsWith(reset + " (trace_id=" + hex(request.span().getTraceId()) + " span_id="
                    + hex(request.span().getSpanId()) + ")"), lines.get(0) + "\n" + context);
            assertTrue(lines.get(1).endsWith(reset + " (trace_id=" + UNSAMPLED_TRACE_ID + " span_id="
                    + UNSAMPLED_SPAN_ID + ")"), lines.get(1) + "\n" + context);
            assertTrue(lines.get(2).endsWith(reset), "no span, no trace id: " + lines.get(2) + "\n" + context);
            assertTrue(run.stderr().contains("socketwatch: summary: 3 socket failures"), context);
            AgentCounters.assertNoContainedErrorsOnStderr(run, context);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Jdk.class, names = {"JDK_17", "JDK_25"})
    void theOpenTelemetryJavaAgentsServerSpanIsTheFailuresParent(Jdk jdk) {
        String classPath = ChildPrograms.program("otel-agent-app", 11);
        Path otelAgent = otelJavaAgent();
        Path socketwatch = BuildArtifacts.agentJar();
        try (ResettingEndpoint upstream = ResettingEndpoint.start()) {
            AgentRun alone = runService(jdk, classPath, upstream, "-javaagent:" + otelAgent);
            String aloneContext = alone.context();
            alone.run.assertExitCode(0);
            assertEquals(SERVICE_STDOUT, alone.run.stdoutLines(), aloneContext);
            assertEquals(List.of(), socketwatchSpans(alone.receiver), aloneContext);
            List<String> otelSpans = otelAgentSpans(alone.receiver);
            ReceivedSpan server = only(alone.receiver, s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER,
                    "the OpenTelemetry agent's SERVER span (its JDK HttpServer instrumentation)", aloneContext);
            ReceivedSpan client = only(alone.receiver, s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT,
                    "the OpenTelemetry agent's CLIENT span (its HttpURLConnection instrumentation)", aloneContext);
            assertChildOf(client, server, aloneContext);

            for (boolean socketwatchFirst : new boolean[] {false, true}) {
                AgentRun both = runService(jdk, classPath, upstream, socketwatchFirst
                        ? new String[] {"-javaagent:" + socketwatch, "-javaagent:" + otelAgent}
                        : new String[] {"-javaagent:" + otelAgent, "-javaagent:" + socketwatch});
                String context = both.context() + "\n\nwith the OpenTelemetry agent alone:\n" + aloneContext;
                assertEquals(alone.run.exitCode(), both.run.exitCode(), context);
                assertEquals(alone.run.stdout(), both.run.stdout(), "the application's output\n" + context);
                assertSilent(both.run, context);
                assertEquals(List.of(), both.receiver.errors(), context);
                assertEquals(otelSpans, otelAgentSpans(both.receiver),
                        "the OpenTelemetry agent's own spans, as without socketwatch\n" + context);
                ReceivedSpan request = only(both.receiver, s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER,
                        "SERVER span", context);
                assertChildOf(only(both.receiver, s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT, "CLIENT span",
                        context), request, context);

                List<ReceivedSpan> failures = socketwatchSpans(both.receiver);
                String frame = new ChildReports("otel-agent-app", SERVICE_MAIN)
                        .expect(RESET, ".callUpstream", "upstream");
                assertEquals(List.of(frame, frame), failures.stream().map(ChildReports::describe)
                        .collect(Collectors.toList()), "socketwatch's spans\n" + context);
                failures.forEach(span -> ScenarioAssertions.assertSpanContract(span, SERVICE, "org.example.otelagent.",
                        context));
                ReceivedSpan inRequest = only(failures, s -> !s.span().getParentSpanId().isEmpty(), "with a parent",
                        context);
                assertChildOf(request, inRequest, context);
                assertTrue(inRequest.stringAttribute("thread.name").startsWith("HTTP-Dispatcher"),
                        "met on the HttpServer's thread: " + inRequest + "\n" + context);
                ReceivedSpan outside = only(failures, s -> s.span().getParentSpanId().isEmpty(), "root", context);
                assertRoot(outside, context);
                assertEquals("main", outside.stringAttribute("thread.name"), context);

                assertEquals(Map.of(RESET, 2L), ErrorsCounter.finalTotals(both.receiver, context), context);
                AgentCounters.assertNoContainedErrors(both.run, both.receiver, context);
            }
        }
    }

    /** One TracedService run with these -javaagent arguments, in this order, and a receiver of its own. */
    private static AgentRun runService(Jdk jdk, String classPath, ResettingEndpoint upstream, String... agents) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmRun run = JvmRun.on(jdk).jvmArgs(agents).jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .env(receiver.exporterEnvironment()).env("OTEL_SERVICE_NAME", SERVICE)
                    // Both agents read OTEL_*; socketwatch never exports logs, and the service logs nothing.
                    .env("OTEL_LOGS_EXPORTER", "none")
                    .mainClass(classPath, SERVICE_MAIN, Integer.toString(upstream.port()))
                    .timeout(Duration.ofSeconds(120));
            return new AgentRun(run.run(), receiver);
        }
    }

    /** A finished run and its receiver (closed: what it got stays readable). */
    private static final class AgentRun {
        final JvmResult run;
        final OtlpReceiver receiver;

        AgentRun(JvmResult run, OtlpReceiver receiver) {
            this.run = run;
            this.receiver = receiver;
        }

        String context() {
            return run + "\n" + receiver.summary() + "\nspans:\n" + receiver.spans().stream()
                    .map(s -> s + " trace=" + hex(s.span().getTraceId()) + " span=" + hex(s.span().getSpanId())
                            + " parent=" + hex(s.span().getParentSpanId()))
                    .collect(Collectors.joining("\n"));
        }
    }

    private static Path otelJavaAgent() {
        Path jar = Paths.get(System.getProperty("socketwatch.otel-javaagent.jar",
                "target/otel-javaagent/opentelemetry-javaagent.jar")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), jar + " does not exist: it is copied by maven-dependency-plugin"
                + " (execution otel-javaagent) in generate-test-resources; run the tests through Maven");
        return jar;
    }

    /** The OpenTelemetry agent's spans as "scope kind name", sorted: what its instrumentation made. */
    private static List<String> otelAgentSpans(OtlpReceiver receiver) {
        return receiver.spans().stream().filter(s -> !s.scope().getName().equals(AGENT_SCOPE))
                .map(s -> s.scope().getName() + " " + s.kind() + " " + s.name()).sorted()
                .collect(Collectors.toList());
    }

    private static List<ReceivedSpan> socketwatchSpans(OtlpReceiver receiver) {
        return receiver.spans().stream().filter(s -> s.scope().getName().equals(AGENT_SCOPE))
                .collect(Collectors.toList());
    }

    /** Socketwatch says nothing on stderr in OTLP mode (the OpenTelemetry agent may log there). */
    private static void assertSilent(JvmResult run, String context) {
        assertEquals(List.of(), run.stderrLines().stream().filter(l -> l.startsWith("socketwatch"))
                .collect(Collectors.toList()), "socketwatch must be silent in OTLP mode\n" + context);
    }

    private static void assertChildOf(ReceivedSpan parent, ReceivedSpan child, String context) {
        String where = "parent " + parent + "\nchild " + child + "\n" + context;
        assertFalse(parent.span().getTraceId().isEmpty(), where);
        assertEquals(hex(parent.span().getTraceId()), hex(child.span().getTraceId()), "the same trace: " + where);
        assertEquals(hex(parent.span().getSpanId()), hex(child.span().getParentSpanId()), "the parent: " + where);
    }

    private static void assertRoot(ReceivedSpan span, String context) {
        assertTrue(span.span().getParentSpanId().isEmpty(), "a root span: " + span + "\n" + context);
        assertEquals(16, span.span().getTraceId().size(), context);
    }

    private static ReceivedSpan only(OtlpReceiver receiver, Predicate<ReceivedSpan> filter, String what,
                                     String context) {
        return only(receiver.spans(), filter, what, context);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> filter, String what,
                                     String context) {
        List<ReceivedSpan> matching = spans.stream().filter(filter).collect(Collectors.toList());
        assertEquals(1, matching.size(), "exactly one span " + what + ": " + matching + "\n" + context);
        return matching.get(0);
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }
}
