package io.socketwatch.sample;

import java.util.List;

/** One reproducible socket situation: a client and a server on loopback inside this JVM. */
interface Scenario {

    /** The name used on the command line; the agent's expectations and the integration tests refer to it. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * The lines this scenario is designed to print (client lines first, then server lines). A run that prints
     * anything else did not reproduce the situation and makes the process exit 1.
     */
    List<String> expected();

    /** Runs the client on the calling thread and the server on threads started through {@code run}. */
    void run(Run run) throws Exception;
}
