package io.socketwatch.bench;

/** Progress lines while the run goes on, with the elapsed time, so a long run shows it is alive. */
final class Progress {

    private static final long STARTED = System.nanoTime();

    private Progress() {
    }

    static void say(String line) {
        long seconds = (System.nanoTime() - STARTED) / 1_000_000_000L;
        System.out.printf("[%02d:%02d] %s%n", seconds / 60, seconds % 60, line);
        System.out.flush();
    }

    static long elapsedSeconds() {
        return (System.nanoTime() - STARTED) / 1_000_000_000L;
    }
}
