package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * For child programs that run a library (Netty, reactor-netty, a relocated Netty) through several scenarios in one
 * JVM, each against its own loopback server port, printing "scenario NAME port PORT: OUTCOME". A report belongs to
 * the scenario whose port is its server.port; each scenario's reports must be exactly the expected ones, described as
 * "error.type operation role [reset cause] @ code.function.name".
 */
final class LibraryScenarios {

    private static final Pattern SCENARIO_LINE = Pattern.compile("^scenario (\\S+) port (\\d+): (.*)$");

    private LibraryScenarios() {
    }

    /** Compiles {@code src/<name>/java} against the jars copied into {@code libsProperty}'s directory. */
    static String compile(String name, String libsProperty) {
        Path libsDir = ChildPrograms.existingDirectory(libsProperty, "target/" + name + "-libs",
                "copied by maven-dependency-plugin in generate-test-resources (integration-tests/pom.xml)");
        Path source = ChildPrograms.existingDirectory("socketwatch." + name + ".source", "src/" + name + "/java",
                "the program's source, in the integration-tests module");
        Path classes = Paths.get(System.getProperty("socketwatch." + name + ".classes", "target/" + name + "/classes"))
                .toAbsolutePath().normalize();
        List<Path> libs;
        try (Stream<Path> files = Files.list(libsDir)) {
            libs = files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("cannot list " + libsDir, e);
        }
        assertFalse(libs.isEmpty(), "no jars in " + libsDir);
        return ChildPrograms.compile(source, libs, classes);
    }

    /** Scenario name -> its server port, from the child's stdout; every expected scenario must have run. */
    static Map<String, Integer> ports(JvmResult run, Map<String, List<String>> expected, String context) {
        Map<String, Integer> ports = new TreeMap<>();
        for (String line : run.stdoutLines()) {
            Matcher m = SCENARIO_LINE.matcher(line);
            if (m.matches()) {
                ports.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        assertEquals(new TreeMap<>(expected).keySet(), ports.keySet(), "scenarios run\n" + context);
        assertEquals(ports.size(), ports.values().stream().distinct().count(), "one port per scenario\n" + context);
        return ports;
    }

    /** "error.type operation role [cause] @ code.function.name" of a received span. */
    static String describe(ReceivedSpan span) {
        return ExpectedFailures.describe(span) + " @ " + span.stringAttribute("code.function.name");
    }

    /**
     * Every span belongs to a scenario (by server.port) and each scenario got exactly its expected reports; the
     * counter agrees exactly; every span keeps the contract; the agent contained no failure of its own.
     */
    static void assertReportedExactly(JvmResult run, OtlpReceiver receiver, Map<String, List<String>> expected,
                                      String service, String codePackage, Pattern exceptionTypes) {
        String context = run + "\n" + receiver.summary();
        run.assertExitCode(0);
        assertFalse(run.stderr().contains("socketwatch"), "the agent must be silent in OTLP mode:\n" + context);
        assertEquals(List.of(), receiver.errors(), context);
        Map<String, Integer> ports = ports(run, expected, context);

        Map<Long, String> scenarioByPort = new TreeMap<>();
        ports.forEach((scenario, port) -> scenarioByPort.put((long) port, scenario));
        Map<String, List<String>> reported = new TreeMap<>();
        expected.keySet().forEach(scenario -> reported.put(scenario, new ArrayList<>()));
        for (ReceivedSpan span : receiver.spans()) {
            String scenario = scenarioByPort.get(span.longAttribute("server.port"));
            assertNotNull(scenario, "a report for no scenario's port: " + span + "\n" + context);
            reported.get(scenario).add(describe(span));
            assertSpanContract(span, service, codePackage, exceptionTypes, context);
        }
        reported.values().forEach(Collections::sort);
        Map<String, List<String>> sortedExpected = new TreeMap<>();
        expected.forEach((scenario, failures) -> {
            List<String> copy = new ArrayList<>(failures);
            Collections.sort(copy);
            sortedExpected.put(scenario, copy);
        });
        assertEquals(sortedExpected, reported, "reports per scenario\n" + context);

        List<String> all = new ArrayList<>();
        expected.values().forEach(failures -> failures.forEach(f -> all.add(f.substring(0, f.indexOf(" @ ")))));
        ScenarioAssertions.assertCounterIsExact(receiver, all, context);
        AgentCounters.assertNoContainedErrors(run, receiver, context);
    }

    /** The span contract (as {@link ScenarioAssertions#assertSpanContract}), with the library's exception types. */
    static void assertSpanContract(ReceivedSpan span, String service, String codePackage, Pattern exceptionTypes,
                                   String context) {
        String where = span + "\n" + context;
        String operation = span.stringAttribute("socketwatch.operation");
        assertEquals("socket " + operation, span.name(), where);
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, span.kind(), where);
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.status().getCode(), where);
        assertEquals("io.socketwatch", span.scope().getName(), where);
        assertEquals(service, span.resourceAttribute("service.name"), where);
        assertEquals("tcp", span.stringAttribute("network.transport"), where);
        assertEquals("ipv4", span.stringAttribute("network.type"), where);
        assertEquals("127.0.0.1", span.stringAttribute("network.peer.address"), where);
        assertTrue(span.longAttribute("network.peer.port") > 0, where);
        assertEquals("127.0.0.1", span.stringAttribute("server.address"), where);
        boolean client = "client".equals(span.stringAttribute("socketwatch.role"));
        if (!"connect".equals(operation)) {
            assertEquals("127.0.0.1", span.stringAttribute("network.local.address"), where);
            long serverPort = client ? span.longAttribute("network.peer.port")
                    : span.longAttribute("network.local.port");
            assertEquals(serverPort, span.longAttribute("server.port"), "server.port is the listening side: " + where);
        } else {
            assertEquals(span.longAttribute("network.peer.port"), span.longAttribute("server.port"), where);
        }
        String function = span.stringAttribute("code.function.name");
        assertTrue(function != null && function.startsWith(codePackage),
                "code.function.name must be the application's frame, not a library's: " + where);
        assertTrue(span.stringAttribute("code.file.path").endsWith(".java"), where);
        assertTrue(span.longAttribute("code.line.number") > 0, where);
        if ("reset_sent".equals(span.stringAttribute("error.type"))) {
            assertTrue(span.event("exception").isEmpty(), "a reset this process sent has no exception: " + where);
        } else {
            Map<String, Object> exception = span.eventAttributes("exception");
            String type = String.valueOf(exception.get("exception.type"));
            assertTrue(exceptionTypes.matcher(type).matches(), "exception.type " + type + " must match "
                    + exceptionTypes + ": " + where);
            assertNotNull(exception.get("exception.message"), where);
        }
    }
}
