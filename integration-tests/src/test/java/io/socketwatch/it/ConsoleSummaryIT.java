package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 5 step 5 on JDK 11, 17 and 25, with the real agent in console mode: the per-failure lines say the idle before
 * the failure and the hint, and the exit summary groups by peer, with exact counts by error type and operation, the
 * median idle before failure and the most frequent hint. The program is
 * src/console-app/java/org/example/console/TwoPeers.java: peer A resets three connections after 4.8, 5.0 and 5.2 s
 * idle (so its clients get connection_reset and its server side reports reset_sent), peer B refuses two connects.
 * The idle times the agent reports are checked against the ones the program measured itself: they may differ by the
 * coarse clock's 100 ms (the agent stamps reads and writes with it) plus the 50 ms of rounding to one decimal.
 */
class ConsoleSummaryIT {

    private static final String MAIN = "org.example.console.TwoPeers";
    private static final double TOLERANCE_SECONDS = 0.1 + 0.05 + 0.01;
    private static final String IDLE_HINT_TAIL = " s idle, close to the 5 s idle timeout of the Node.js HTTP server"
            + " (keepAliveTimeout): that idle timeout most likely closed it (keep it busier, e.g. TCP keepalive or"
            + " pool eviction, below that)";
    private static final String LINGER_HINT = "this process caused the reset: SO_LINGER was set on with a 0 s"
            + " timeout, so close() aborts the connection with RST instead of FIN";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void theExitSummaryGroupsByPeerWithCountsMedianIdleAndHint(Jdk jdk) {
        JvmResult run = JvmRun.on(jdk).withAgent().mainClass(ChildPrograms.program("console-app", 11), MAIN)
                .timeout(Duration.ofSeconds(90)).run();
        String context = run.toString();
        run.assertExitCode(0);
        AgentCounters.assertNoContainedErrorsOnStderr(run, context);

        // What the application got, and the idle times it measured.
        List<String> out = run.stdoutLines();
        assertEquals(10, out.size(), "stdout\n" + context);
        String refusedPort = group(out.get(0), "refused (\\d+): java\\.net\\.ConnectException", context);
        assertEquals("refused " + refusedPort + ": java.net.ConnectException", out.get(1), context);
        String resetPort = group(out.get(2), "resetting (\\d+)", context);
        List<Double> clientIdles = new ArrayList<>();
        List<Double> serverIdles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clientIdles.add(Long.parseLong(group(out.get(3 + i), "client " + i
                    + ": idle (\\d+) ms: java\\.net\\.SocketException: Connection reset", context)) / 1000.0);
            serverIdles.add(Long.parseLong(group(out.get(6 + i), "server " + i + ": idle (\\d+) ms", context))
                    / 1000.0);
        }
        assertEquals("done", out.get(9), context);

        // The per-failure lines: 8 failures; each client reset is followed by its hint line.
        ChildReports source = new ChildReports("console-app", MAIN);
        String a = "127\\.0\\.0\\.1:" + resetPort;
        String b = "127\\.0\\.0\\.1:" + refusedPort;
        String at = " at org\\.example\\.console\\.TwoPeers\\.";
        Pattern refused = Pattern.compile("socketwatch: connection_refused on connect, client"
                + " (?:to |127\\.0\\.0\\.1:\\d+ -> )" + b + at + "refused\\(TwoPeers\\.java:" + source.line("refusedConnect")
                + "\\): java\\.net\\.ConnectException: Connection refused.*");
        Pattern reset = Pattern.compile("socketwatch: connection_reset on read, client 127\\.0\\.0\\.1:\\d+ -> " + a
                + ", after (\\d+\\.\\d) s idle" + at + "lambda\\$idleThenReset\\$\\d+\\(TwoPeers\\.java:"
                + source.line("idleRead") + "\\): java\\.net\\.SocketException: Connection reset");
        Pattern sent = Pattern.compile("socketwatch: reset_sent on close, server " + a + " <- 127\\.0\\.0\\.1:\\d+:"
                + " closed with SO_LINGER 0, so this host sent RST instead of FIN, after (\\d+\\.\\d) s idle" + at
                + "serve\\(TwoPeers\\.java:" + source.line("abort") + "\\)");
        List<String> err = run.stderrLines();
        assertEquals(8 + 3 + 9, err.size(), "stderr: 8 failure lines, 3 hint lines, the summary (9 lines)\n"
                + context);
        int refusedLines = 0;
        List<Double> resetLineIdles = new ArrayList<>();
        List<Double> sentLineIdles = new ArrayList<>();
        List<String> clientHints = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String line = err.get(i);
            Matcher m;
            if (refused.matcher(line).matches()) {
                refusedLines++;
            } else if ((m = sent.matcher(line)).matches()) {
                sentLineIdles.add(Double.parseDouble(m.group(1)));
            } else if ((m = reset.matcher(line)).matches()) {
                resetLineIdles.add(Double.parseDouble(m.group(1)));
                assertTrue(i + 1 < 11, "a hint line follows the reset\n" + context);
                String hint = err.get(++i);
                assertEquals("socketwatch:   hint: the connection failed after " + m.group(1) + IDLE_HINT_TAIL, hint,
                        "the hint names the idle of its line and the 5 s fingerprint\n" + context);
                clientHints.add(hint.substring("socketwatch:   hint: ".length()));
            } else {
                throw new AssertionError("not a failure line of this program: " + line + "\n" + context);
            }
        }
        assertEquals(2, refusedLines, context);
        assertClose(clientIdles, resetLineIdles, "client idle per failure line", context);
        assertClose(serverIdles, sentLineIdles, "server idle per failure line", context);

        // The exit summary: the peers by count (ties by name), exact counts, median idle and the hint.
        List<String> summary = err.subList(11, err.size());
        String[] expected = {
            Pattern.quote("socketwatch: summary: 8 socket failures"),
            Pattern.quote("socketwatch:   clients of 127.0.0.1:" + resetPort + ": 3 failures, median idle ")
                    + "(\\d+\\.\\d) s",
            Pattern.quote("socketwatch:          3  reset_sent          close"),
            Pattern.quote("socketwatch:             hint for 3 of 3 failures: " + LINGER_HINT),
            Pattern.quote("socketwatch:   peer 127.0.0.1:" + resetPort + ": 3 failures, median idle ")
                    + "(\\d+\\.\\d) s",
            Pattern.quote("socketwatch:          3  connection_reset    read"),
            // The three hints differ in their idle only: one kind, shown by the first one's text.
            Pattern.quote("socketwatch:             hint for 3 of 3 failures, for example: ") + "(.*)",
            Pattern.quote("socketwatch:   peer 127.0.0.1:" + refusedPort + ": 2 failures, median idle n/a"),
            Pattern.quote("socketwatch:          2  connection_refused  connect")};
        assertEquals(expected.length, summary.size(), "summary\n" + context);
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            Matcher m = Pattern.compile(expected[i]).matcher(summary.get(i));
            assertTrue(m.matches(), "summary line " + i + ": `" + summary.get(i) + "` !~ `" + expected[i] + "`\n"
                    + context);
            if (m.groupCount() == 1) {
                captured.add(m.group(1));
            }
        }
        double serverMedian = Double.parseDouble(captured.get(0));
        double clientMedian = Double.parseDouble(captured.get(1));
        assertClose(List.of(median(serverIdles)), List.of(serverMedian), "clients of A: median idle", context);
        assertClose(List.of(median(clientIdles)), List.of(clientMedian), "peer A: median idle", context);
        assertTrue(clientHints.contains(captured.get(2)), "the hint shown is one of the failures' hints: "
                + captured.get(2) + "\n" + context);
    }

    private static String group(String line, String regex, String context) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.matches(), "`" + line + "` !~ `" + regex + "`\n" + context);
        return m.group(1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Sorted pairwise: each value the agent reported is within the tolerance of the one the program measured. */
    private static void assertClose(List<Double> measured, List<Double> reported, String what, String context) {
        List<Double> m = new ArrayList<>(measured);
        List<Double> r = new ArrayList<>(reported);
        m.sort(null);
        r.sort(null);
        assertEquals(m.size(), r.size(), what + ": measured " + m + ", reported " + r + "\n" + context);
        for (int i = 0; i < m.size(); i++) {
            assertTrue(Math.abs(m.get(i) - r.get(i)) <= TOLERANCE_SECONDS, String.format(Locale.ROOT,
                    "%s: measured %s s, reported %s s (tolerance %.2f s)%n%s", what, m, r, TOLERANCE_SECONDS,
                    context));
        }
    }
}
