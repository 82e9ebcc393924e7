package io.socketwatch.bench.jmh;

import io.socketwatch.bench.failure.AgentStats;
import io.socketwatch.bench.failure.ResetSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The failure path, on the failing thread: one write to a socket its peer has reset, which fails with "Broken
 * pipe" every time ({@link ResetSocket}). Without the agent this is the JDK's own cost (the syscall and the
 * exception); with it, the difference is what the application thread pays per classified failure: classification,
 * the ledger lookup, the exact count and the hand-off to the reporter thread.
 *
 * <p>{@code paceTokens} spends a fixed amount of CPU before each failure (the same with and without the agent),
 * so that failures come no faster than the reporter thread turns them into spans: each one is then queued and
 * wakes the reporter, as at any realistic failure rate. The pacing is a per-invocation set-up, which JMH leaves
 * out of the score: the score is the failing write alone. Timed together with the pacing, the score also took in
 * the reporter's and the exporter's work whenever the scheduler ran them on the failing thread's CPU (per-pair
 * differences of 1.5 and 4.9 us in one run, 18 to 58 us in others), so adding the reporter's CPU to it counted
 * that work twice. With 0, failures come back to back, faster than spans are made, and once the queue is full
 * most are only counted (the drop path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FailurePathBenchmark {

    /** Where the tear-down writes the agent's counters for the runner (optional). */
    public static final String STATS_FILE = "socketwatch.bench.statsFile";

    @Param("0")
    public long paceTokens;

    private final byte[] oneByte = {1};
    private Socket socket;
    private OutputStream out;
    private long failures;
    private long successes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        socket = ResetSocket.open();
        out = socket.getOutputStream();
    }

    /** JMH's warning about per-invocation set-ups (timestamps around each call) is moot at tens of us per call. */
    @Setup(Level.Invocation)
    public void pace() {
        if (paceTokens > 0) {
            Blackhole.consumeCPU(paceTokens);
        }
    }

    @Benchmark
    public Object brokenPipe() {
        try {
            out.write(oneByte);
            successes++;
            return null;
        } catch (IOException e) {
            failures++;
            return e;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        socket.close();
        if (successes > 0) {
            throw new IllegalStateException(successes + " writes to the reset socket did not fail");
        }
        String file = System.getProperty(STATS_FILE);
        if (file != null) {
            AgentStats.awaitDrained(5_000);
            AgentStats stats = AgentStats.read();
            Boolean recording = AgentStats.spansRecording();
            String line = "failures=" + failures + (stats == null ? "" : " " + stats)
                    + (recording == null ? "" : " spans_recording=" + recording) + "\n";
            Files.write(Paths.get(file), line.getBytes(StandardCharsets.UTF_8));
        }
    }
}
