package io.socketwatch.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a child JVM on another thread, so the test can act on it (checkpoints, a fault proxy) while it runs. */
final class ChildInBackground {

    private ChildInBackground() {
    }

    static Future<JvmResult> start(JvmRun run) {
        CompletableFuture<JvmResult> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(run.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "child-jvm");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** The child's result; JvmRun's own timeout bounds the wait, and its failures are rethrown as they were. */
    static JvmResult resultOf(Future<JvmResult> child) {
        try {
            return child.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("child JVM still running after 10 minutes", e);
        }
    }
}
