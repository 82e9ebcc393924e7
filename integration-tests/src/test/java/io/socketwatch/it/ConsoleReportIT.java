package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent with nothing configured: a readable report on stderr, one line per failure and a summary at exit, nothing
 * at all on a healthy run, and nothing sent over the network.
 */
class ConsoleReportIT {

    private static final String SCENARIO = "reset-on-read";
    private static final String ENDPOINT = "127\\.0\\.0\\.1:(\\d+)";

    /**
     * ConsoleOutput.line: "socketwatch: TYPE on OP, ROLE LOCAL ARROW PEER[: closed with ..., so this host sent RST
     * instead of FIN][, after N.N s idle] at FRAME[: EXCEPTION]". Groups: type, op, role, local port, arrow, peer
     * port, reset text, class, method, file, line, exception.
     */
    private static final Pattern FAILURE_LINE = Pattern.compile("socketwatch: (\\w+) on (\\w+), (client|server) "
            + ENDPOINT + " (->|<-) " + ENDPOINT + "(?:: (closed with .*?), so this host sent RST instead of FIN)?"
            + "(?:, after \\d+\\.\\d s idle)? at io\\.socketwatch\\.sample\\.([\\w$]+)\\.([\\w$<>]+)\\((\\w+)\\.java:(\\d+)\\)(?:: (.+))?");

    /** A failure's hint, on the line after it (ConsoleOutput.hintLine). */
    private static final String HINT_LINE = "socketwatch:   hint: ";

    /** PeerSummary: a peer's header ("peer" for client failures, "clients of" for server ones), rows, hint. */
    private static final Pattern SUMMARY_PEER = Pattern.compile(
            "socketwatch: {3}(peer|clients of) " + ENDPOINT + ": (\\d+) failures?, median idle (n/a|\\d+\\.\\d s)");
    private static final Pattern SUMMARY_ROW = Pattern.compile(
            "socketwatch: {5}( {5}\\d| {4}\\d\\d| {3}\\d{3})  (\\w+) +(\\w+)");
    private static final Pattern SUMMARY_HINT = Pattern.compile("socketwatch: {13}hint for \\d+ of \\d+ failures?.*");

    // ---------------------------------------------------------------- (a) the report of a failing scenario

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void reportsEachFailureOnceAndASummary(Jdk jdk) {
        JvmResult run = JvmRun.on(jdk).withAgent().sampleApp(SCENARIO).timeout(WithoutAgent.TIMEOUT).run();
        String context = run.toString();
        WithoutAgent.assertUnaffected(WithoutAgent.sampleApp(jdk, SCENARIO), run, context);
        run.assertExitCode(0);
        AgentCounters.assertNoContainedErrorsOnStderr(run, context);

        List<String> expected = ExpectedFailures.BY_SCENARIO.get(SCENARIO);
        List<String> lines = run.stderrLines();
        String headline = "socketwatch: summary: " + expected.size() + " socket failures";
        int summaryAt = lines.indexOf(headline);
        assertTrue(summaryAt > 0, "the summary line follows the failures\n" + context);

        // Each failure is one line, possibly followed by its hint on a line of its own.
        List<Matcher> failures = new ArrayList<>();
        for (String line : lines.subList(0, summaryAt)) {
            if (line.startsWith(HINT_LINE) && !failures.isEmpty()) {
                continue;
            }
            Matcher m = FAILURE_LINE.matcher(line);
            assertTrue(m.matches(), () -> "not a failure line in the documented format: " + line + "\n" + context);
            failures.add(m);
        }
        assertEquals(expected.size(), failures.size(), "one line per failure\n" + context);
        assertEquals(sorted(expected), sorted(failures.stream().map(ConsoleReportIT::describe).toList()),
                "the failures reported on stderr\n" + context);

        // The sample app's server port is the one the client connects to; the client's port is ephemeral.
        Matcher reset = only(failures, "reset_sent", context);
        String serverPort = reset.group(4);
        String clientPort = reset.group(6);
        assertEquals("<-", reset.group(5), "a server's line reads local <- peer: " + reset.group() + "\n" + context);
        assertEquals("closed with 1 unread byte", reset.group(7), reset.group() + "\n" + context);
        assertEquals(null, reset.group(12), "reset_sent has no exception: " + reset.group() + "\n" + context);
        assertFrame(reset, "ResetServer", "lambda\\$start\\$\\d+", "close", context);

        Matcher read = only(failures, "connection_reset", context);
        assertClientLine(read, clientPort, serverPort, context);
        assertFrame(read, "Io", "read", "read", context);
        assertEquals("java.net.SocketException: Connection reset", read.group(12), read.group() + "\n" + context);

        Matcher write = only(failures, "broken_pipe", context);
        assertClientLine(write, clientPort, serverPort, context);
        assertFrame(write, "Io", "write", "write", context);
        assertEquals(jdk == Jdk.JDK_11 ? "java.net.SocketException: Broken pipe (Write failed)"
                : "java.net.SocketException: Broken pipe", write.group(12), write.group() + "\n" + context);

        // The summary: one block per peer; a client's peer is the server it connected to, a server's block is its
        // listening endpoint ("clients of"). Rows carry no role: the block says it.
        Map<String, Long> series = new TreeMap<>();
        String role = null;
        long blockTotal = 0;
        long blockRows = 0;
        for (String row : lines.subList(summaryAt + 1, lines.size())) {
            Matcher peer = SUMMARY_PEER.matcher(row);
            Matcher count = SUMMARY_ROW.matcher(row);
            if (peer.matches()) {
                assertEquals(blockTotal, blockRows, "the previous block's rows add up to its header\n" + context);
                assertEquals(serverPort, peer.group(2), "every block names the scenario's server: " + row + "\n"
                        + context);
                role = peer.group(1).equals("peer") ? "client" : "server";
                blockTotal = Long.parseLong(peer.group(3));
                blockRows = 0;
            } else if (count.matches()) {
                assertTrue(role != null, "a row before any peer: " + row + "\n" + context);
                long n = Long.parseLong(count.group(1).trim());
                blockRows += n;
                series.merge(count.group(2) + " " + count.group(3) + " " + role, n, Long::sum);
            } else {
                assertTrue(SUMMARY_HINT.matcher(row).matches(), () -> "not a summary line in the documented format: "
                        + row + "\n" + context);
            }
        }
        assertEquals(blockTotal, blockRows, "the last block's rows add up to its header\n" + context);
        assertEquals(ExpectedFailures.perCounterSeries(expected), series,
                "summary rows by peer side, with their counts\n" + context);
    }

    private static void assertClientLine(Matcher line, String clientPort, String serverPort, String context) {
        String where = line.group() + "\n" + context;
        assertEquals("client", line.group(3), where);
        assertEquals(clientPort + " -> " + serverPort, line.group(4) + " " + line.group(5) + " " + line.group(6),
                "a client's line reads local -> peer, the same connection as the server's reset: " + where);
        assertEquals(null, line.group(7), "only reset_sent explains a reset cause: " + where);
    }

    /**
     * The frame names the sample app's class and method, its file, and a line that really holds the call that
     * failed: read from the sample app's source, so a wrong line number cannot pass.
     */
    private static void assertFrame(Matcher line, String className, String methodPattern, String call,
            String context) {
        String where = line.group() + "\n" + context;
        assertEquals(className, line.group(8), where);
        assertTrue(line.group(9).matches(methodPattern), "method " + line.group(9) + ": " + where);
        assertEquals(className, line.group(10), "the file is the class's source file: " + where);
        Path source = BuildArtifacts.sampleAppJar().getParent().getParent()
                .resolve("src/main/java/io/socketwatch/sample").resolve(line.group(10) + ".java");
        List<String> sourceLines;
        try {
            sourceLines = Files.readAllLines(source, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        int number = Integer.parseInt(line.group(11));
        assertTrue(number >= 1 && number <= sourceLines.size(), "line " + number + " is not in " + source + ": "
                + where);
        String code = sourceLines.get(number - 1);
        assertTrue(code.contains("." + call + "("), "line " + number + " of " + source + " is `" + code.trim()
                + "`, not the " + call + " that failed: " + where);
    }

    private static Matcher only(List<Matcher> failures, String errorType, String context) {
        List<Matcher> found = failures.stream().filter(m -> m.group(1).equals(errorType)).toList();
        assertEquals(1, found.size(), "lines of " + errorType + "\n" + context);
        return found.get(0);
    }

    /** The ExpectedFailures form: "error.type operation role [cause]". */
    private static String describe(Matcher line) {
        String reset = line.group(7);
        String cause = reset == null ? "" : reset.contains("SO_LINGER 0") ? " linger_zero" : " unread_data";
        return line.group(1) + " " + line.group(2) + " " + line.group(3) + cause;
    }

    // ---------------------------------------------------------------- (b) silent on a healthy run

    static List<Arguments> healthyScenariosOnEveryJdk() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (String scenario : List.of("clean", "echo-clean")) {
                assertEquals(List.of(), ExpectedFailures.BY_SCENARIO.get(scenario), scenario + " must be healthy");
                cases.add(Arguments.of(jdk, scenario));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("healthyScenariosOnEveryJdk")
    void printsNothingOnAHealthyRun(Jdk jdk, String scenario) {
        JvmResult run = JvmRun.on(jdk).withAgent().sampleApp(scenario).timeout(WithoutAgent.TIMEOUT).run();
        String context = run.toString();

        run.assertExitCode(0);
        assertEquals("", run.stderr(), "a healthy run with the agent prints nothing on stderr, neither the agent nor"
                + " the JVM because of it\n" + context);
        WithoutAgent.assertUnaffected(WithoutAgent.sampleApp(jdk, scenario), run, context);
    }

    // ---------------------------------------------------------------- (c) nothing over the network

    /**
     * With nothing configured the agent must not export anywhere, not even to the OpenTelemetry defaults
     * (localhost:4318 for http/protobuf, 4317 for grpc): listen there, run a failing scenario on every JDK, and count
     * the connections that arrived. A connection from this test first proves the count works.
     */
    @Test
    void sendsNothingOverTheNetworkWhenNothingIsConfigured() throws IOException {
        try (LoopbackListeners otlpDefaults = LoopbackListeners.bind(4318, 4317)) {
            for (String endpoint : otlpDefaults.endpoints()) {
                InetSocketAddress address = parse(endpoint);
                try (Socket probe = new Socket(address.getAddress(), address.getPort())) {
                    assertTrue(probe.isConnected(), endpoint);
                }
            }
            List<String> control = otlpDefaults.stopAndCount();
            assertEquals(otlpDefaults.endpoints().size(), control.size(),
                    "positive control: each listener must have seen this test's own connection: " + control);
        }
        try (LoopbackListeners otlpDefaults = LoopbackListeners.bind(4318, 4317)) {
            List<JvmResult> runs = new ArrayList<>();
            for (Jdk jdk : Jdk.values()) {
                JvmResult run = JvmRun.on(jdk).withAgent().sampleApp(SCENARIO).timeout(WithoutAgent.TIMEOUT).run();
                run.assertExitCode(0);
                int total = ExpectedFailures.BY_SCENARIO.get(SCENARIO).size();
                assertTrue(run.stderrLines().contains("socketwatch: summary: " + total + " socket failures"),
                        () -> "the agent must have been active (console report)\n" + run);
                AgentCounters.assertNoContainedErrorsOnStderr(run, run.toString());
                runs.add(run);
            }
            List<String> arrived = otlpDefaults.stopAndCount();
            assertEquals(List.of(), arrived, "with nothing configured the agent must connect nowhere; listening on "
                    + otlpDefaults.endpoints() + "\n" + runs);
        }
    }

    private static InetSocketAddress parse(String endpoint) throws IOException {
        // InetSocketAddress.toString(): "/127.0.0.1:4318" or "/[0:0:0:0:0:0:0:1]:4318"
        int colon = endpoint.lastIndexOf(':');
        String host = endpoint.substring(endpoint.indexOf('/') + 1, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(endpoint.substring(colon + 1)));
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
