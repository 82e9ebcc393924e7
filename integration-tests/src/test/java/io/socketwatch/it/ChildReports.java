package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Exact report assertions for the child programs under {@code src/<program>/java}: every span, described as
 * "error.type operation role [reset cause] Class.method:line", must be one expected entry, where the line is found
 * in the program's source by its marker comment ({@code // @marker}): the application frame must be the program's
 * call site to the line. The socketwatch.errors totals must match the same entries, and the agent must have
 * contained no failure of its own.
 */
final class ChildReports {

    private final Path source;
    private final String className;
    private final Map<String, Integer> markers = new HashMap<>();

    /** {@code program}: the source folder name (async-app); {@code className}: the main class, fully qualified. */
    ChildReports(String program, String className) {
        this.className = className;
        this.source = ChildPrograms.existingDirectory("socketwatch." + program + ".source", "src/" + program + "/java",
                program).resolve(className.replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                int at = lines.get(i).indexOf("// @");
                if (at >= 0) {
                    markers.put(lines.get(i).substring(at + 4).trim(), i + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line of {@code // @marker} in the program's source. */
    int line(String marker) {
        Integer line = markers.get(marker);
        if (line == null) {
            throw new AssertionError("no // @" + marker + " in " + source);
        }
        return line;
    }

    /** "type operation role [cause] " + the frame of {@code function} (Outer$Inner.method) at marker's line. */
    String expect(String failure, String function, String marker) {
        Integer line = markers.get(marker);
        if (line == null) {
            throw new AssertionError("no // @" + marker + " in " + source);
        }
        return failure + " " + className + function + ":" + line;
    }

    /**
     * What a span says, in the form of {@link #expect}. A lambda's frame is named without javac's running number
     * (lambda$socketReadReset$0 becomes lambda$socketReadReset): the line tells which lambda it is.
     */
    static String describe(ReceivedSpan span) {
        String function = String.valueOf(span.stringAttribute("code.function.name"))
                .replaceFirst("(lambda\\$[^$]+)\\$\\d+$", "$1");
        return ExpectedFailures.describe(span) + " " + function + ":" + span.longAttribute("code.line.number");
    }

    /**
     * The spans are exactly {@code expected}, each names the program's source file, and socketwatch.errors counted
     * exactly these failures; the agent contained no failure of its own.
     */
    static void assertExactly(List<String> expected, JvmResult run, OtlpReceiver receiver) {
        assertExactly(expected, run, receiver, ChildReports::describe);
    }

    /** The same, with each span described by {@code describe} (which may add to {@link #describe(ReceivedSpan)}). */
    static void assertExactly(List<String> expected, JvmResult run, OtlpReceiver receiver,
                              Function<ReceivedSpan, String> describe) {
        String context = run + "\n" + receiver.summary();
        assertEquals(List.of(), receiver.errors(), context);
        List<ReceivedSpan> spans = receiver.spans();
        assertEquals(sorted(expected), sorted(spans.stream().map(describe).collect(Collectors.toList())),
                "spans\n" + context);
        for (ReceivedSpan span : spans) {
            String where = span + "\n" + context;
            assertEquals("socket " + span.stringAttribute("socketwatch.operation"), span.name(), where);
            assertTrue(span.stringAttribute("code.file.path").endsWith(".java"), where);
            assertEquals("127.0.0.1", span.stringAttribute("server.address"), where);
            assertTrue(span.longAttribute("server.port") > 0, where);
            if (!"reset_sent".equals(span.stringAttribute("error.type"))) {
                assertFalse(span.eventAttributes("exception").isEmpty(), where);
            }
        }
        List<String> failures = expected.stream().map(e -> String.join(" ", List.of(e.split(" ")).subList(0, 3)))
                .collect(Collectors.toList());
        assertEquals(ExpectedFailures.perCounterSeries(failures), ErrorsCounter.finalTotals(receiver, context),
                "socketwatch.errors\n" + context);
        AgentCounters.assertNoContainedErrors(run, receiver, context);
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }
}
