package io.socketwatch.sample;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The context of one scenario run: the two logs, the server threads, and a safety net so that a scenario that does
 * not behave as designed fails instead of hanging.
 *
 * <p>java.net sockets get SO_TIMEOUT as their own safety net, but blocking channels have no timeout at all: the
 * watchdog closes every {@link #guard guarded} resource once {@link #SAFETY_TIMEOUT_MILLIS} have passed, which makes
 * a blocked channel operation throw AsynchronousCloseException and a blocked socket operation "Socket closed".
 */
final class Run {

    static final int SAFETY_TIMEOUT_MILLIS = 10_000;

    final Log client = new Log("client");
    final Log server = new Log("server");

    private final List<AutoCloseable> guarded = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch finished = new CountDownLatch(1);

    interface Body {
        void run() throws Exception;
    }

    Run(String scenarioName) {
        Thread watchdog = new Thread(this::watch, scenarioName + "-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void watch() {
        try {
            if (!finished.await(SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                problems.add("safety timeout: the scenario did not finish in " + SAFETY_TIMEOUT_MILLIS
                        + " ms, closing its sockets");
                closeAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers a socket, channel or selector to be closed by the safety net; returns it. */
    <T extends AutoCloseable> T guard(T resource) {
        guarded.add(resource);
        return resource;
    }

    /** Starts a server-side thread; anything it throws is recorded as an unexpected observation of {@code log}. */
    void spawn(String role, Log log, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                unexpected(log, t);
            }
        }, role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    void unexpected(Log log, Throwable t) {
        log.failed("unexpected", t);
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        problems.add(trace.toString());
    }

    /** Waits for a step of the other side; a missed step is a problem, and the caller goes on regardless. */
    boolean await(CountDownLatch latch, String what) throws InterruptedException {
        if (latch.await(SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            return true;
        }
        problems.add("timed out waiting for: " + what);
        return false;
    }

    /** Joins the server threads (bounded) and stops the watchdog. */
    void finish() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(SAFETY_TIMEOUT_MILLIS);
            if (thread.isAlive()) {
                problems.add("a server thread did not end; closing its sockets");
                closeAll();
                thread.join(SAFETY_TIMEOUT_MILLIS);
            }
        }
        finished.countDown();
    }

    private void closeAll() {
        List<AutoCloseable> snapshot;
        synchronized (guarded) {
            snapshot = new ArrayList<>(guarded);
        }
        for (AutoCloseable resource : snapshot) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // best effort: this only runs when the scenario has already failed
            }
        }
    }

    /** Client lines first, then server lines: a fixed order, whatever the threads' timing was. */
    List<String> lines() {
        List<String> all = new ArrayList<>(client.lines());
        all.addAll(server.lines());
        return all;
    }

    List<String> problems() {
        List<String> all = new ArrayList<>(client.details());
        all.addAll(server.details());
        synchronized (problems) {
            all.addAll(problems);
        }
        return all;
    }
}
