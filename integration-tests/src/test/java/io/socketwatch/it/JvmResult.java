package io.socketwatch.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a child JVM did: exit code, everything it printed, how long it took. {@link #toString()} is written for
 * assertion messages: {@code assertTrue(cond, result::toString)} or {@code assertEquals(x, y, result.toString())}.
 */
public final class JvmResult {

    private static final int TAIL_LINES = 60;

    private final List<String> command;
    private final Map<String, String> addedEnv;
    private final Set<String> removedEnv;
    private final int exitCode;
    private final byte[] stdoutBytes;
    private final String stdout;
    private final String stderr;
    private final Duration wallTime;

    JvmResult(List<String> command, Map<String, String> addedEnv, Set<String> removedEnv, int exitCode,
            byte[] stdoutBytes, String stdout, String stderr, Duration wallTime) {
        this.command = List.copyOf(command);
        this.addedEnv = Map.copyOf(addedEnv);
        this.removedEnv = Set.copyOf(removedEnv);
        this.exitCode = exitCode;
        this.stdoutBytes = stdoutBytes.clone();
        this.stdout = stdout;
        this.stderr = stderr;
        this.wallTime = wallTime;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    /** stdout exactly as the child wrote it, for byte-for-byte comparisons. */
    public byte[] stdoutBytes() {
        return stdoutBytes.clone();
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    public List<String> stderrLines() {
        return stderr.lines().toList();
    }

    public Duration wallTime() {
        return wallTime;
    }

    /** Fails with this result's description unless the child exited with {@code expected}. */
    public JvmResult assertExitCode(int expected) {
        if (exitCode != expected) {
            throw new AssertionError("expected exit code " + expected + " but was " + exitCode + "\n" + this);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("command: ").append(commandLine()).append('\n');
        if (!addedEnv.isEmpty()) {
            s.append("env set: ").append(addedEnv).append('\n');
        }
        if (!removedEnv.isEmpty()) {
            s.append("env removed: ").append(removedEnv).append('\n');
        }
        s.append("exit code: ").append(exitCode).append(" after ").append(wallTime.toMillis()).append(" ms\n");
        appendTail(s, "stdout", stdout);
        appendTail(s, "stderr", stderr);
        return s.toString();
    }

    private String commandLine() {
        List<String> quoted = new ArrayList<>();
        for (String arg : command) {
            quoted.add(arg.isEmpty() || arg.matches(".*[\\s\"'$`\\\\].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return String.join(" ", quoted);
    }

    private static void appendTail(StringBuilder s, String name, String text) {
        List<String> lines = text.lines().toList();
        int from = Math.max(0, lines.size() - TAIL_LINES);
        s.append("--- ").append(name);
        if (lines.isEmpty()) {
            s.append(": (empty) ---\n");
            return;
        }
        s.append(from > 0 ? " (last " + TAIL_LINES + " of " + lines.size() + " lines)" : "").append(" ---\n");
        for (String line : lines.subList(from, lines.size())) {
            s.append(line).append('\n');
        }
    }
}
