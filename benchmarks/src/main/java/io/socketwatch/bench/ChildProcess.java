package io.socketwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a whole JVM as a child process, timed from start to exit, its output sent to files (no reader threads in
 * this JVM competing with it). The environment is cleared of everything that would configure the child's JVM,
 * the agent or OpenTelemetry behind the benchmark's back.
 */
final class ChildProcess {

    final int exitCode;
    final long wallNanos;
    final String stdout;
    final String stderr;

    private ChildProcess(int exitCode, long wallNanos, String stdout, String stderr) {
        this.exitCode = exitCode;
        this.wallNanos = wallNanos;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ChildProcess run(List<String> command, Map<String, String> extraEnv, Path scratch, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = scratch.resolve("child.out");
        Path err = scratch.resolve("child.err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        for (String key : new HashMap<>(env).keySet()) {
            if (key.startsWith("OTEL_") || key.startsWith("SOCKETWATCH_") || key.equals("JAVA_TOOL_OPTIONS")
                    || key.equals("JDK_JAVA_OPTIONS") || key.equals("_JAVA_OPTIONS")) {
                env.remove(key);
            }
        }
        env.putAll(extraEnv);
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("timed out after " + timeoutSeconds + " s (a thread keeping the JVM alive?): "
                    + command);
        }
        long wall = System.nanoTime() - start;
        return new ChildProcess(process.exitValue(), wall, read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** The value of a "key=value" line (after an optional prefix), or null. */
    String value(String prefix, String key) {
        for (String line : stdout.split("\n")) {
            String start = prefix + key + "=";
            if (line.startsWith(start)) {
                return line.substring(start.length()).trim();
            }
        }
        return null;
    }

    long longValue(String key) {
        String value = value("", key);
        if (value == null) {
            throw new IllegalStateException("no " + key + " in the output: " + stdout + stderr);
        }
        return Long.parseLong(value);
    }

    /** This result with one more key=value line, for what the runner observed of the child from outside. */
    ChildProcess with(String key, long value) {
        return new ChildProcess(exitCode, wallNanos, stdout + key + "=" + value + "\n", stderr);
    }

    ChildProcess requireSuccess(String what) {
        if (exitCode != 0) {
            throw new IllegalStateException(what + " exited with " + exitCode + ":\n" + stdout + stderr);
        }
        return this;
    }
}
