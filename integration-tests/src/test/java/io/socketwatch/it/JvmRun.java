package io.socketwatch.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts one separate JVM and waits for it: the chosen {@link Jdk}, optionally {@code -javaagent:}, extra JVM
 * arguments, environment changes, and what to run (a jar, a main class or a single source file).
 *
 * <pre>{@code
 * JvmResult result = JvmRun.on(Jdk.JDK_11)
 *         .withAgent()
 *         .env(receiver.exporterEnvironment())
 *         .sampleApp("reset-on-read")
 *         .timeout(Duration.ofSeconds(60))
 *         .run()
 *         .assertExitCode(0);
 * }</pre>
 *
 * The child's environment starts from the test JVM's without OTEL_*, SOCKETWATCH_*, JAVA_TOOL_OPTIONS,
 * JDK_JAVA_OPTIONS and _JAVA_OPTIONS (see {@link ChildEnvironment}); stdin is closed at once. If the child outlives the
 * timeout, it gets SIGQUIT (a thread dump on its stdout), then its whole process tree is killed and the test fails
 * with everything it printed.
 */
public final class JvmRun {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Raises the exit's wait for the last exports (default 750 ms), for tests whose subject is the reports, not the
     * exit time (FailingEndpointIT covers that): on a 2-core machine shared with other builds, a child's first export
     * at its very end (a large library loaded, a JIT still busy) can take longer, and the agent then says, rightly,
     * that it could not export.
     */
    public static final String EXIT_EXPORT_WAIT = "-Dsocketwatch.shutdown.timeout.ms=10000";
    private static final long THREAD_DUMP_GRACE_MILLIS = 1_000;

    private final Jdk jdk;
    private String javaAgent;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> addedEnv = new LinkedHashMap<>();
    private final Set<String> removedEnv = new LinkedHashSet<>();
    private final List<String> mainAndArgs = new ArrayList<>();
    private final List<String> launcher = new ArrayList<>();
    private Path workingDirectory;
    private Duration timeout = DEFAULT_TIMEOUT;

    private JvmRun(Jdk jdk) {
        this.jdk = jdk;
    }

    public static JvmRun on(Jdk jdk) {
        return new JvmRun(jdk);
    }

    /** {@code -javaagent:} the socketwatch agent built in this reactor run ({@link BuildArtifacts#agentJar()}). */
    public JvmRun withAgent() {
        return withAgent(BuildArtifacts.agentJar(), null);
    }

    /** {@code -javaagent:<jar>[=<options>]}; options may be null. Comes before every other JVM argument. */
    public JvmRun withAgent(Path agentJar, String options) {
        this.javaAgent = "-javaagent:" + agentJar + (options == null ? "" : "=" + options);
        return this;
    }

    public JvmRun jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    /** Sets a variable in the child (wins over inherited values and over the scrubbing of OTEL_* and friends). */
    public JvmRun env(String name, String value) {
        removedEnv.remove(name);
        addedEnv.put(name, value);
        return this;
    }

    public JvmRun env(Map<String, String> variables) {
        variables.forEach(this::env);
        return this;
    }

    /** Removes an inherited variable from the child's environment. */
    public JvmRun removeEnv(String name) {
        addedEnv.remove(name);
        removedEnv.add(name);
        return this;
    }

    /** {@code -jar <jar> <args>}. */
    public JvmRun jar(Path jar, String... args) {
        return main("-jar", jar.toString(), args);
    }

    /** {@code -jar sample-app.jar <scenario> <args>}: one sample-app scenario. */
    public JvmRun sampleApp(String scenario, String... args) {
        List<String> all = new ArrayList<>();
        all.add(scenario);
        all.addAll(Arrays.asList(args));
        return jar(BuildArtifacts.sampleAppJar(), all.toArray(new String[0]));
    }

    /** {@code -cp <classpath> <mainClass> <args>}. */
    public JvmRun mainClass(String classpath, String mainClass, String... args) {
        mainAndArgs.clear();
        mainAndArgs.addAll(List.of("-cp", classpath, mainClass));
        mainAndArgs.addAll(Arrays.asList(args));
        return this;
    }

    /** {@code <file.java> <args>}: the launcher's single-source-file mode (JDK 11+), handy for tiny child programs. */
    public JvmRun sourceFile(Path javaFile, String... args) {
        return main(javaFile.toString(), null, args);
    }

    private JvmRun main(String first, String second, String... args) {
        mainAndArgs.clear();
        mainAndArgs.add(first);
        if (second != null) {
            mainAndArgs.add(second);
        }
        mainAndArgs.addAll(Arrays.asList(args));
        return this;
    }

    /**
     * Starts {@code java} through this command, which must exec it with the arguments that follow, e.g. {@code bash
     * -c 'ulimit -n 256 && exec "$0" "$@"'} to run the child with a resource limit set by the test itself.
     */
    public JvmRun launcher(String... command) {
        launcher.clear();
        launcher.addAll(Arrays.asList(command));
        return this;
    }

    public JvmRun workingDirectory(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    public JvmRun timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The full command line, {@code java} first. */
    public List<String> command() {
        List<String> command = new ArrayList<>(launcher);
        command.add(jdk.javaBinary().toString());
        if (javaAgent != null) {
            command.add(javaAgent);
        }
        command.addAll(jvmArgs);
        command.addAll(mainAndArgs);
        return command;
    }

    /**
     * Starts the child and waits for it to exit. Returns whatever the exit code; fails (AssertionError) if it runs
     * longer than the timeout or cannot be started.
     */
    public JvmResult run() {
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(ChildEnvironment.build(System.getenv(), removedEnv, addedEnv));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("could not start " + String.join(" ", command), e);
        }
        StreamDrainer stdout = new StreamDrainer(process.getInputStream(), "jvmrun-stdout-" + process.pid());
        StreamDrainer stderr = new StreamDrainer(process.getErrorStream(), "jvmrun-stderr-" + process.pid());
        boolean timedOut = false;
        boolean interrupted = false;
        try {
            process.getOutputStream().close();
            timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                requestThreadDump(process);
            }
        } catch (IOException e) {
            // closing the child's stdin failed: irrelevant to the run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        } finally {
            if (process.isAlive()) {
                killTree(process);
            }
        }
        Duration wallTime = Duration.ofNanos(System.nanoTime() - startNanos);
        // A grandchild that inherited the pipes could hold them open; don't wait for it forever.
        stdout.awaitEnd(10_000);
        stderr.awaitEnd(10_000);
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        JvmResult result = new JvmResult(command, addedEnv, removedEnv, exitCode, stdout.bytes(), stdout.text(),
                stderr.text(), wallTime);
        if (interrupted) {
            throw new AssertionError("interrupted while waiting for the JVM; killed its process tree\n" + result);
        }
        if (timedOut) {
            throw new AssertionError("JVM did not exit within " + timeout.toMillis() + " ms; killed its process"
                    + " tree (a thread dump, if it answered SIGQUIT, is in stdout)\n" + result);
        }
        return result;
    }

    private static void requestThreadDump(Process process) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
            process.waitFor(THREAD_DUMP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // no thread dump then; the kill below still happens
        }
    }

    /** SIGKILL to the child and everything it started, then waits until they are all gone. */
    private static void killTree(Process process) {
        // Collect first: once the child is dead its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // still there after 10 s: nothing more we can do; the result shows what it printed
            }
        }
    }
}
