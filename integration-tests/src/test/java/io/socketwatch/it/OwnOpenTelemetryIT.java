package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An application with its own opentelemetry-sdk of another (older) version on its class path, and its own Byte Buddy,
 * OkHttp 4, okio and Kotlin (all of which the agent embeds, relocated), runs unchanged with the agent, and its own
 * telemetry still works: the same stdout and exit code with and without the agent, its GlobalOpenTelemetry is its own
 * SDK, each library comes from its own jar only, its span and counter reach the receiver from its SDK, and the
 * agent's span and socketwatch.errors for its refused connect reach the same receiver from the agent's SDK.
 *
 * <p>The application is src/own-otel-app/java, compiled here ({@link ChildPrograms}) with {@code --release 11} against target/app-libs
 * (copied there by the pom's maven-dependency-plugin, never on this test's class path).
 */
class OwnOpenTelemetryIT {

    private static final String MAIN_CLASS = "org.example.ownotel.OwnTelemetryApp";
    private static final String SERVICE = "own-otel-app";
    private static final String APP_SCOPE = "test-app";
    private static final String AGENT_SCOPE = "io.socketwatch";
    private static final String REFUSED = "connection_refused connect client";

    private static Path appLibs;
    private static String classPath;

    @BeforeAll
    static void compileTheApplication() throws IOException {
        appLibs = ChildPrograms.existingDirectory("socketwatch.app.libs", "target/app-libs",
                "copied by maven-dependency-plugin (execution own-opentelemetry-app-libs) in generate-test-resources");
        Path source = ChildPrograms.existingDirectory("socketwatch.own-otel-app.source", "src/own-otel-app/java",
                "the application's source, in the integration-tests module");
        Path classes = Paths.get(System.getProperty("socketwatch.own-otel-app.classes", "target/own-otel-app/classes"))
                .toAbsolutePath().normalize();
        List<Path> libs;
        try (Stream<Path> files = Files.list(appLibs)) {
            libs = files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
        assertFalse(libs.isEmpty(), "no jars in " + appLibs);
        classPath = ChildPrograms.compile(source, libs, classes);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void runsUnchangedWithTheAgentAndItsOwnTelemetryStillWorks(Jdk jdk) {
        JvmResult without;
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            without = run(jdk, receiver, false);
            String context = "without the agent\n" + without + "\n" + receiver.summary();
            without.assertExitCode(0);
            assertEquals(expectedStdout(), without.stdoutLines(), "the application's own output\n" + context);
            assertEquals(List.of(), receiver.errors(), context);
            assertTheAppsOwnTelemetry(receiver, context);
            assertEquals(List.of(), receiver.spans().stream().filter(s -> s.scope().getName().equals(AGENT_SCOPE))
                    .collect(Collectors.toList()), "no agent, no socketwatch spans: " + context);
            assertTrue(receiver.metricsNamed("socketwatch.errors").isEmpty(), context);
        }

        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult with = run(jdk, receiver, true);
            String context = "with the agent\n" + with + "\n" + receiver.summary() + "\n\nwithout the agent\n"
                    + without;
            assertEquals(without.exitCode(), with.exitCode(), "exit code with and without the agent\n" + context);
            assertEquals(without.stdout(), with.stdout(), "stdout with and without the agent\n" + context);
            assertFalse(with.stderr().contains("socketwatch"), "the agent must be silent in OTLP mode:\n" + context);
            assertEquals(List.of(), receiver.errors(), context);

            assertTheAppsOwnTelemetry(receiver, context);

            List<ReceivedSpan> agentSpans = receiver.spans().stream()
                    .filter(s -> s.scope().getName().equals(AGENT_SCOPE)).collect(Collectors.toList());
            assertEquals(List.of(REFUSED), agentSpans.stream().map(ExpectedFailures::describe)
                    .collect(Collectors.toList()), "socketwatch's spans: just the refused connect\n" + context);
            ReceivedSpan refused = agentSpans.get(0);
            ScenarioAssertions.assertSpanContract(refused, SERVICE, "org.example.ownotel.", context);
            assertEquals(MAIN_CLASS + ".refusedConnect", refused.stringAttribute("code.function.name"),
                    refused + "\n" + context);
            assertEquals("OwnTelemetryApp.java", refused.stringAttribute("code.file.path"), refused + "\n" + context);
            assertNotEquals(appOpenTelemetryVersion(), refused.resourceAttribute("telemetry.sdk.version"),
                    "the agent exports with its own SDK, not the application's: " + refused + "\n" + context);
            ScenarioAssertions.assertCounterIsExact(receiver, List.of(REFUSED), context);
            AgentCounters.assertNoContainedErrors(with, receiver, context);
        }
    }

    private static JvmResult run(Jdk jdk, OtlpReceiver receiver, boolean agent) {
        JvmRun run = JvmRun.on(jdk);
        if (agent) {
            // The agent exports where the application's SDK does; the application itself reads no OTEL_* variable.
            run.withAgent().env(receiver.exporterEnvironment()).env("OTEL_SERVICE_NAME", SERVICE);
        }
        return run.mainClass(classPath, MAIN_CLASS, receiver.endpoint()).timeout(Duration.ofSeconds(60)).run();
    }

    /** The application's span "app-work" and counter "app.requests", both exported by its own SDK. */
    private static void assertTheAppsOwnTelemetry(OtlpReceiver receiver, String context) {
        List<ReceivedSpan> appSpans = receiver.spans().stream().filter(s -> s.scope().getName().equals(APP_SCOPE))
                .collect(Collectors.toList());
        assertEquals(List.of("app-work"), appSpans.stream().map(ReceivedSpan::name).collect(Collectors.toList()),
                "the application's own spans\n" + context);
        ReceivedSpan work = appSpans.get(0);
        assertEquals(Map.of("app.step", "work"), work.attributes(), work + "\n" + context);
        assertEquals(SERVICE, work.resourceAttribute("service.name"), work + "\n" + context);
        assertEquals(appOpenTelemetryVersion(), work.resourceAttribute("telemetry.sdk.version"),
                "exported by the application's own SDK: " + work + "\n" + context);

        List<ReceivedMetric> requests = receiver.metricsNamed("app.requests");
        assertFalse(requests.isEmpty(), "the application's counter app.requests\n" + context);
        for (ReceivedMetric metric : requests) {
            assertEquals(APP_SCOPE, metric.scope().getName(), context);
            assertEquals(appOpenTelemetryVersion(), OtlpAttributes.toMap(metric.resource().getAttributesList())
                    .get("telemetry.sdk.version"), "exported by the application's own SDK\n" + context);
        }
        assertEquals(1L, receiver.latestSumValue("app.requests", Map.of("app.step", "work")).orElseThrow(
                () -> new AssertionError("no app.requests point {app.step=work}\n" + context)), context);
    }

    /**
     * Every line the application prints, the same on every JDK and with or without the agent: each library from
     * its own jar in app-libs and from nowhere else, GlobalOpenTelemetry its own SDK, every step done.
     */
    private static List<String> expectedStdout() {
        List<String> lines = new ArrayList<>();
        lines.add(classLine("net.bytebuddy.ByteBuddy", "byte-buddy"));
        lines.add(classLine("okhttp3.OkHttpClient", "okhttp"));
        lines.add(classLine("okio.Buffer", "okio-jvm"));
        lines.add(classLine("kotlin.Unit", "kotlin-stdlib"));
        lines.add(classLine("io.opentelemetry.api.GlobalOpenTelemetry", "opentelemetry-api"));
        lines.add(classLine("io.opentelemetry.sdk.OpenTelemetrySdk", "opentelemetry-sdk"));
        lines.add(classLine("io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter",
                "opentelemetry-exporter-otlp"));
        lines.add("service file HttpSenderProvider: [" + libJar("opentelemetry-exporter-sender-okhttp") + "]");
        lines.add("global OpenTelemetry: io.opentelemetry.api.GlobalOpenTelemetry$ObfuscatedOpenTelemetry,"
                + " its tracer provider is this app's SDK's: true, its meter provider is this app's SDK's: true");
        lines.add("span app-work: recording true, sampled true");
        lines.add("counter app.requests: added 1");
        lines.add("byte buddy: generated org.example.ownotel.Generated extends java.lang.Object, instance true");
        lines.add("okhttp: GET / -> 200 hello over http/1.1");
        lines.add("refused connect: java.net.ConnectException caught");
        lines.add("own sdk flushed and shut down: true");
        return lines;
    }

    private static String classLine(String type, String artifact) {
        String jar = libJar(artifact);
        return "class " + type + ": loaded from " + jar + ", class path copies [" + jar + "]";
    }

    /** The one jar of this artifact in app-libs, e.g. byte-buddy-1.14.18.jar for "byte-buddy". */
    private static String libJar(String artifact) {
        try (Stream<Path> files = Files.list(appLibs)) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches(Pattern.quote(artifact) + "-\\d[^/]*\\.jar"))
                    .collect(Collectors.toList());
            assertEquals(1, names.size(), "exactly one " + artifact + " jar in " + appLibs + ": " + names);
            return names.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version in the name of app-libs' opentelemetry-sdk jar, which Resource.getDefault() reports. */
    private static String appOpenTelemetryVersion() {
        String jar = libJar("opentelemetry-sdk");
        return jar.substring("opentelemetry-sdk-".length(), jar.length() - ".jar".length());
    }
}
