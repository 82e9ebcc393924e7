package io.socketwatch.agent;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.JdkAccess;
import io.socketwatch.agent.config.AgentConfig;
import io.socketwatch.agent.event.SocketEventHandler;
import io.socketwatch.agent.instrument.Instrumenter;
import io.socketwatch.agent.instrument.JdkTargets;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.ledger.ConnectionLedger;
import io.socketwatch.agent.ledger.SocketProbe;
import io.socketwatch.agent.telemetry.FailureReporter;
import io.socketwatch.agent.telemetry.Telemetry;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connects the pieces once the bridge is on the bootstrap class path: JDK access, the handler, the reporter, the
 * exit hook, then the advice. Nothing here starts a thread or touches the network: the reporter starts at the
 * first failure.
 */
final class AgentWiring {

    private AgentWiring() {
    }

    static void start(String args, Instrumentation instrumentation, long startedNanos) {
        AgentConfig config = AgentConfig.load(args);
        AgentLog.debug(config.debug());
        if (!config.enabled()) {
            AgentLog.debug("disabled by configuration: nothing instrumented");
            return;
        }
        if (Bridge.class.getClassLoader() != null) {
            AgentLog.error("not started: the bridge was loaded by " + Bridge.class.getClassLoader()
                    + " instead of the bootstrap class loader", null);
            return;
        }
        openJdkInternals(instrumentation);
        if (!SocketProbe.complete()) {
            AgentLog.warnOnce("probe", "some JDK internals were not found on " + Runtime.version()
                    + ": endpoints or resets caused by closing may be missing from reports");
        }
        String version = String.valueOf(AgentWiring.class.getPackage().getImplementationVersion());
        FailureReporter reporter = Telemetry.create(config, version);
        Bridge.install(new SocketEventHandler(new ConnectionLedger(config.ledgerCapacity()), reporter));
        long timeout = config.shutdownTimeoutMillis();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            InternalThreads.markCurrent();
            try {
                reporter.finish(timeout);
            } catch (Throwable failure) {
                AgentLog.error("could not deliver the last reports at exit", failure);
            }
            if (Bridge.containedFailures() > 0) {
                AgentLog.debug("contained internal failures: " + Bridge.containedFailures());
            }
        }, "socketwatch-exit"));
        long wired = System.nanoTime();
        List<String> installed = Instrumenter.install(instrumentation, JdkTargets.all());
        long done = System.nanoTime();
        AgentLog.debug(String.format("started in %d ms (bridge and wiring %d ms, instrumentation %d ms)",
                (done - startedNanos) / 1_000_000, (wired - startedNanos) / 1_000_000, (done - wired) / 1_000_000));
        if (installed.isEmpty()) {
            AgentLog.warnOnce("nothing", "found nothing to instrument on " + Runtime.version()
                    + ": socket failures are not observed");
        }
    }

    /**
     * Advice inlined into java.base calls the bridge in the bootstrap loader's unnamed module, and JdkAccess there
     * reads SocketImpl fields: java.base must read that module and open java.net and sun.nio.ch to it. Opened to
     * that module only, never to the class path's, where the application's own reflection would see them too.
     */
    private static void openJdkInternals(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Module bridge = JdkAccess.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(bridge), Map.of(),
                Map.of("java.net", Set.of(bridge), "sun.nio.ch", Set.of(bridge)), Set.of(), Map.of());
    }
}
