package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.event.FailureSink;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.trace.ActiveTrace;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Counts every failure exactly on the failing thread, then hands it to one daemon thread that formats and exports
 * it. That thread, and the outputs (the OpenTelemetry SDK included), start only at the first failure: a healthy
 * application never pays for either.
 *
 * <p>The hand-off does not wake the reporter for each failure. Waking a parked thread is a futex wake-up that, on a
 * virtual machine, costs the waker microseconds when the other vCPU is idle (it goes through the hypervisor); that
 * was most of the failing thread's cost per failure in the benchmarks. So while failures keep coming, the reporter
 * drains the queue every {@link #DRAIN_INTERVAL_NANOS} on its own; after {@link #IDLE_DRAINS} empty drains it sleeps
 * until the next failure wakes it. A report is late by at most one interval, far less than the SDK's batch delay.
 */
public final class FailureReporter implements FailureSink {

    private final ErrorCounts counts;
    private final StackFrames frames;
    private final Supplier<List<FailureOutput>> outputFactory;
    private final BlockingQueue<FailureEvent> queue;
    private final SpanRateLimit rateLimit;
    private final ActiveTrace trace;
    private final LongAdder overRate = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final Object progress = new Object();
    private final AtomicLong accepted = new AtomicLong();
    /** Written by the reporter under {@code progress}, once per drained batch. */
    private long handled;
    /** Set by the reporter before it parks without a time limit: the next failure must wake it. */
    private volatile boolean sleeping;
    private volatile Thread worker;
    private volatile List<FailureOutput> outputs;

    FailureReporter(ErrorCounts counts, StackFrames frames, int queueCapacity, SpanRateLimit rateLimit,
                    Supplier<List<FailureOutput>> outputFactory, ActiveTrace trace) {
        this.trace = trace;
        this.counts = counts;
        this.frames = frames;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.rateLimit = rateLimit;
        this.outputFactory = outputFactory;
    }

    @Override
    public void accept(FailureEvent event) {
        counts.increment(event);
        if (!rateLimit.tryAcquire(System.nanoTime())) {
            overRate.increment();
            ensureWorker();
            return;
        }
        // The application's current span lives in a thread-local context: read it here, on the failing thread, and
        // only for a failure that gets reported one by one (a storm beyond the rate limit does not pay for it).
        if (!queue.offer(event.withTraceParent(trace.capture()))) {
            queueFull.increment();
            return;
        }
        accepted.incrementAndGet();
        ensureWorker();
        // Safe against a lost wake-up: the reporter sets `sleeping` before it looks at the queue one last time,
        // and the offer above happened before this read (the queue's lock orders the two).
        if (sleeping) {
            sleeping = false;
            LockSupport.unpark(worker);
        }
    }

    /** How often the reporter drains the queue while failures keep coming. */
    static final long DRAIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /** Empty drains in a row (one second) after which the reporter sleeps until a failure wakes it. */
    static final int IDLE_DRAINS = 40;

    /** The reporter thread also delivers the counts, so it starts at the first failure even if not reported. */
    private void ensureWorker() {
        if (worker == null) {
            startWorker();
        }
    }

    /** Failures counted but not reported one by one: over the rate limit, or the queue was full. */
    public long dropped() {
        return overRate.sum() + queueFull.sum();
    }

    long droppedOverRate() {
        return overRate.sum();
    }

    long droppedQueueFull() {
        return queueFull.sum();
    }

    public long total() {
        return counts.total();
    }

    private synchronized void startWorker() {
        if (worker == null) {
            Thread thread = InternalThreads.newThread("socketwatch-reporter", this::run);
            worker = thread;
            thread.start();
        }
    }

    private void run() {
        List<FailureOutput> created = outputFactory.get();
        outputs = created;
        synchronized (progress) {
            progress.notifyAll();
        }
        int emptyDrains = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int reported = drain(created);
            if (reported > 0) {
                emptyDrains = 0;
                synchronized (progress) {
                    handled += reported;
                    progress.notifyAll();
                }
                LockSupport.parkNanos(this, DRAIN_INTERVAL_NANOS);
            } else if (++emptyDrains < IDLE_DRAINS) {
                LockSupport.parkNanos(this, DRAIN_INTERVAL_NANOS);
            } else {
                emptyDrains = 0;
                sleeping = true;
                if (queue.isEmpty()) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
        }
    }

    /** Reports everything queued now; returns how many failures that was. */
    private int drain(List<FailureOutput> created) {
        int reported = 0;
        FailureEvent event;
        while ((event = queue.poll()) != null) {
            StackTraceElement frame = frameOf(event);
            if (event.connection() != null) {
                event.connection().prepare(event.errorType(), event.operation(), event.role(), event.resetCause(),
                        event.unreadBytes(), frames::firstApplicationFrame);
            }
            for (FailureOutput output : created) {
                try {
                    output.report(event, frame);
                } catch (RuntimeException | LinkageError e) {
                    AgentLog.warnOnce("report-" + output.getClass().getSimpleName(),
                            "could not report a socket failure (" + e + "); it is still counted");
                }
            }
            reported++;
        }
        return reported;
    }

    /**
     * The application's frame in the failing call's stack; if it has none, the application's frame of the call that
     * asked for the work (the JDK HttpClient's send, when the failure happens on its selector thread), else the one
     * where the connection was created (Netty's event loop runs library code only); else the first frame outside
     * the agent.
     */
    private StackTraceElement frameOf(FailureEvent event) {
        Throwable site = event.callSite();
        StackTraceElement[] stack = site == null ? null : site.getStackTrace();
        StackTraceElement frame = stack == null ? null : frames.applicationFrame(stack);
        if (frame == null && event.applicationSite() != null) {
            frame = frames.applicationFrame(event.applicationSite().getStackTrace());
        }
        if (frame == null && event.creationSite() != null) {
            frame = frames.applicationFrame(event.creationSite().getStackTrace());
        }
        return frame != null || stack == null ? frame : frames.firstApplicationFrame(stack);
    }

    /**
     * Local work at exit (starting the SDK, turning queued failures into spans) always finishes, so it gets a
     * generous cap of its own: it must not eat into the time given to the network, nor be cut short on a slow
     * machine, or a short-lived process would lose its last reports.
     */
    static final long LOCAL_WORK_CAP_MILLIS = 10_000;

    /**
     * At exit: waits until every accepted failure was turned into a report (at most {@link #LOCAL_WORK_CAP_MILLIS}),
     * then gives the outputs {@code exportMillis} to deliver them and the final counts. Does nothing when no failure
     * ever happened. Returns false if an output gave up on a delivery still in progress.
     */
    public boolean finish(long exportMillis) {
        if (worker == null) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCAL_WORK_CAP_MILLIS);
        LockSupport.unpark(worker); // drain now rather than at the end of its interval
        synchronized (progress) {
            while ((outputs == null || handled < accepted.get()) && System.nanoTime() < deadline) {
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<FailureOutput> ready = outputs;
        if (ready == null) {
            AgentLog.warnOnce("exit-timeout", "exit: reporting did not start within " + LOCAL_WORK_CAP_MILLIS
                    + " ms; " + counts.total() + " socket failures were counted but not exported");
            return true;
        }
        long exportDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(exportMillis);
        boolean delivered = true;
        for (FailureOutput output : ready) {
            long left = TimeUnit.NANOSECONDS.toMillis(exportDeadline - System.nanoTime());
            delivered &= output.close(Math.max(left, 50));
        }
        return delivered;
    }
}
