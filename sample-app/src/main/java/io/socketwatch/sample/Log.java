package io.socketwatch.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one side of a scenario observed, as lines {@code <subject> <operation> -> <result>}. Only deterministic facts go
 * into a line (no ports, timings, thread names); the raw exception text goes to {@link #details()} for stderr.
 */
final class Log {

    private final String subject;
    private final List<String> lines;
    private final List<String> details;

    Log(String subject) {
        this(subject, Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
    }

    private Log(String subject, List<String> lines, List<String> details) {
        this.subject = subject;
        this.lines = lines;
        this.details = details;
    }

    /** A log writing into the same lines under a more specific subject, e.g. "client attempt 2". */
    Log as(String qualifier) {
        return new Log(subject + " " + qualifier, lines, details);
    }

    void ok(String operation) {
        add(operation, "ok");
    }

    void text(String operation, String data) {
        add(operation, '"' + data + '"');
    }

    void eof(String operation) {
        add(operation, "EOF");
    }

    /** An operation that threw; operations whose name starts with "read" count as reads for {@link Failures}. */
    void failed(String operation, Throwable failure) {
        add(operation, Failures.describe(failure, operation.startsWith("read")));
        details.add(subject + " " + operation + ": " + failure);
    }

    void add(String operation, String result) {
        lines.add(subject + " " + operation + " -> " + result);
    }

    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    List<String> details() {
        synchronized (details) {
            return new ArrayList<>(details);
        }
    }
}
