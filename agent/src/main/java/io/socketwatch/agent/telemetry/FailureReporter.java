package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.event.FailureSink;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.internal.InternalThreads;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts every failure exactly on the failing thread, then hands it to one daemon thread that formats and exports
 * it. That thread, and the outputs (the OpenTelemetry SDK included), start only at the first failure: a healthy
 * application never pays for either.
 */
public final class FailureReporter implements FailureSink {

    private final ErrorCounts counts;
    private final StackFrames frames;
    private final Supplier<List<FailureOutput>> outputFactory;
    private final BlockingQueue<FailureEvent> queue;
    private final SpanRateLimit rateLimit;
    private final LongAdder overRate = new LongAdder();
    private final LongAdder queueFull = new LongAdder();
    private final Object progress = new Object();
    private long accepted;
    private long handled;
    private volatile Thread worker;
    private volatile List<FailureOutput> outputs;

    FailureReporter(ErrorCounts counts, StackFrames frames, int queueCapacity, SpanRateLimit rateLimit,
                    Supplier<List<FailureOutput>> outputFactory) {
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
        synchronized (progress) {
            if (!queue.offer(event)) {
                queueFull.increment();
                return;
            }
            accepted++;
        }
        ensureWorker();
    }

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
        while (true) {
            FailureEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            StackTraceElement frame = frameOf(event);
            for (FailureOutput output : created) {
                try {
                    output.report(event, frame);
                } catch (RuntimeException | LinkageError e) {
                    AgentLog.warnOnce("report-" + output.getClass().getSimpleName(),
                            "could not report a socket failure (" + e + "); it is still counted");
                }
            }
            synchronized (progress) {
                handled++;
                progress.notifyAll();
            }
        }
    }

    /**
     * The failing call's first application frame; when the failing thread ran no application code (the JDK
     * HttpClient's selector thread), the one of the call that asked for the work (the request's send).
     */
    private StackTraceElement frameOf(FailureEvent event) {
        Throwable site = event.callSite();
        StackTraceElement[] stack = site == null ? null : site.getStackTrace();
        StackTraceElement frame = stack == null ? null : frames.applicationFrame(stack);
        if (frame == null && event.applicationSite() != null) {
            frame = frames.applicationFrame(event.applicationSite().getStackTrace());
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
        synchronized (progress) {
            while ((outputs == null || handled < accepted) && System.nanoTime() < deadline) {
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
