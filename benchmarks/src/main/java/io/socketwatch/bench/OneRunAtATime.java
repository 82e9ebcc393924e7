package io.socketwatch.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Holds JMH's own lock file for the whole run, so that no other JMH run (this runner or a plain JMH command) measures
 * on the same machine meanwhile: two runs at once would each measure the other's load. The runner's lockstep pairs
 * need two JMH Runners at once in this JVM, which JMH's per-Runner lock would refuse; so the runner takes the lock
 * itself and tells JMH (jmh.ignoreLock, read once when JMH's Runner class loads) not to take it again per fork.
 */
final class OneRunAtATime {

    /** Where JMH's Runner keeps its lock: java.io.tmpdir/jmh.lock (JMH 1.x). */
    static final Path JMH_LOCK = Paths.get(System.getProperty("java.io.tmpdir"), "jmh.lock");

    private static FileLock held;

    private OneRunAtATime() {
    }

    /** Takes the lock for the life of this JVM, or explains who has it and returns false. */
    static boolean acquire() throws IOException {
        FileChannel channel = FileChannel.open(JMH_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        held = channel.tryLock();
        if (held == null) {
            channel.close();
            System.err.println("benchmarks: another JMH or benchmark run holds " + JMH_LOCK + "; two runs at once "
                    + "would measure each other. Wait for it to end (pgrep -fa 'benchmarks.jar|jmh') and retry.");
            return false;
        }
        System.setProperty("jmh.ignoreLock", "true");
        return true;
    }
}
