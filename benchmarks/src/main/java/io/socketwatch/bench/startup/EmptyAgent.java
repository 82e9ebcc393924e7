package io.socketwatch.bench.startup;

import java.lang.instrument.Instrumentation;

/**
 * A -javaagent that does nothing: the JVM's own floor for any agent (loading java.instrument, opening the jar,
 * calling premain), against which socketwatch's own start-up cost is told apart.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        // nothing, on purpose
    }
}
