package io.socketwatch.bench.jmh;

import io.socketwatch.bench.TaskCpu;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Base of the healthy-path benchmarks: when the runner starts the fork without the agent and the fork with it at
 * the same time on the same CPU, every JMH iteration of one starts together with the same iteration of the other.
 *
 * <p>Why: on this kind of machine (2 vCPUs, a shared host) a loopback echo's throughput jumps between regimes
 * ~25% apart that last from a second to a whole fork, with no steal time recorded. Forks run one after the other
 * meet different regimes: two forks of the same JVM without the agent differed by 12% (standard deviation of the
 * pair ratio, 6 pairs), so a 1% budget was out of reach. Two forks sharing one CPU meet the same regime at the same
 * moment: the same A/A comparison gave 0.7%. Both are CPU-bound (the CPU is never idle), but the scheduler does not
 * always split it evenly between them, so each fork also records its own CPU time per iteration ({@link #recordCpu});
 * which ratio a budget is judged on is the runner's choice (ThroughputSection).
 *
 * <p>Starting each iteration together matters: the fork without the agent starts ~0.1 s sooner; unsynchronised, the
 * one that ends later would run its last iteration's tail alone, twice as fast. The iteration set-up is not part of
 * JMH's measured time, so waiting there costs the measurement nothing.
 *
 * <p>The two forks share a small file (named by the {@value #PROPERTY} system property) mapped into both: an int
 * counting the iterations started, added to atomically. Without the property (a fork run alone) this does nothing.
 */
public abstract class Lockstep {

    /** Path of the shared counter file, created (zeroed) by the runner for each pair. */
    public static final String PROPERTY = "socketwatch.bench.lockstep";

    /** Longer than any fork's start-up plus one iteration: past it, the other fork failed or hangs. */
    static final long PARTNER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    /** Poll interval while waiting: short against a 1-s iteration, long enough to leave the CPU to the partner. */
    static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** Path of a file for this fork's CPU time per iteration, in nanoseconds (see {@link #recordCpu}). */
    public static final String CPU_PROPERTY = "socketwatch.bench.cpu";

    private long cpuAtStart = -1;
    private static MappedByteBuffer shared;
    private static int started;

    @Setup(Level.Iteration)
    public void startWithPartner() throws IOException {
        String path = System.getProperty(PROPERTY);
        if (path != null) {
            awaitPartner(Paths.get(path));
            cpuAtStart = TaskCpu.total();
        }
    }

    /**
     * Appends the CPU time this JVM spent in the iteration (every thread: the benchmark's, the JIT's, the GC's and
     * the agent's) to the file named by {@value #CPU_PROPERTY}, one line per iteration, warm-up ones included.
     */
    @TearDown(Level.Iteration)
    public void recordCpu() throws IOException {
        String path = System.getProperty(CPU_PROPERTY);
        if (path != null && cpuAtStart >= 0) {
            long spent = TaskCpu.total() - cpuAtStart;
            Files.write(Paths.get(path), (spent + "\n").getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static synchronized void awaitPartner(Path file) throws IOException {
        if (shared == null) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                shared = channel.map(FileChannel.MapMode.READ_WRITE, 0, Integer.BYTES);
            }
        }
        started++;
        INT.getAndAdd(shared, 0, 1);
        int bothStarted = 2 * started;
        long deadline = System.nanoTime() + PARTNER_TIMEOUT_NANOS;
        while ((int) INT.getVolatile(shared, 0) < bothStarted) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the other fork of this pair did not start iteration " + started
                        + " within " + TimeUnit.NANOSECONDS.toSeconds(PARTNER_TIMEOUT_NANOS)
                        + " s: it failed or hangs (see its log)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Iterations both forks started, as the shared file says (the runner's check that the lockstep happened). */
    public static int startedByBoth(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            channel.read(buffer, 0);
            return buffer.getInt(0) / 2;
        }
    }
}
