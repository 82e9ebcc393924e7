package io.socketwatch.agent;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.JdkAccess;
import io.socketwatch.agent.config.AgentConfig;
import io.socketwatch.agent.event.SocketEventHandler;
import io.socketwatch.agent.instrument.Instrumenter;
import io.socketwatch.agent.instrument.JdkTargets;
import io.socketwatch.agent.instrument.NettyInstrumenter;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.internal.InternalThreads;
import io.socketwatch.agent.ledger.ConnectionLedger;
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
        String version = String.valueOf(AgentWiring.class.getPackage().getImplementationVersion());
        FailureReporter reporter = Telemetry.create(config, version);
        ConnectionLedger ledger = new ConnectionLedger(config.ledgerCapacity());
        Bridge.install(new SocketEventHandler(ledger, reporter, config.connectionStackDepth()));
        long timeout = config.shutdownTimeoutMillis();
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitHook(reporter, ledger, timeout), "socketwatch-exit"));
        long wired = System.nanoTime();
        List<String> installed = Instrumenter.install(instrumentation, JdkTargets.all());
        NettyInstrumenter.install(instrumentation);
        long done = System.nanoTime();
        if (AgentLog.debugging()) {
            AgentLog.debug("started in " + (done - startedNanos) / 1_000_000 + " ms (bridge and wiring "
                    + (wired - startedNanos) / 1_000_000 + " ms, instrumentation " + (done - wired) / 1_000_000 + " ms)");
        }
        if (installed.isEmpty()) {
            AgentLog.warnOnce("nothing", "found nothing to instrument on " + Runtime.version()
                    + ": socket failures are not observed");
        }
    }

    /**
     * Delivers what is pending when the JVM exits. A named class rather than a lambda: the first lambda of a JVM
     * bootstraps LambdaMetafactory, a cost premain would pay for nothing.
     */
    private static final class ExitHook implements Runnable {
        private final FailureReporter reporter;
        private final ConnectionLedger ledger;
        private final long timeoutMillis;

        ExitHook(FailureReporter reporter, ConnectionLedger ledger, long timeoutMillis) {
            this.reporter = reporter;
            this.ledger = ledger;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void run() {
            InternalThreads.markCurrent();
            try {
                if (!reporter.finish(timeoutMillis)) {
                    // An export was given up on: its thread may still wait for the endpoint's answer in a socket
                    // read, and HotSpot's exit waits up to 300 ms for threads in native code. Nothing of the agent
                    // needs its connections any more.
                    int closed = ledger.closeInternal();
                    AgentLog.debug("exit: closed " + closed + " of the agent's own connections");
                }
            } catch (Throwable failure) {
                AgentLog.error("could not deliver the last reports at exit", failure);
            }
            if (AgentLog.debugging()) {
                AgentLog.debug("exit: ledger holds " + ledger.size() + " connections (" + ledger.untracked()
                        + " not tracked: over capacity); failures counted " + reporter.total() + ", not reported one"
                        + " by one " + reporter.dropped() + "; contained internal failures " + Bridge.containedFailures());
            }
        }
    }

    /**
     * Code woven into java.base calls the bridge in the bootstrap loader's unnamed module, and JdkAccess there
     * reads SocketImpl fields: java.base must read that module and open java.net and sun.nio.ch to it. Opened to
     * that module only, never to the class path's, where the application's own reflection would see them too.
     */
    private static void openJdkInternals(Instrumentation instrumentation) {
        Module javaBase = Object.class.getModule();
        Module bridge = JdkAccess.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(bridge), Map.of(),
                Map.of("java.net", Set.of(bridge), "sun.nio.ch", Set.of(bridge), "sun.security.ssl", Set.of(bridge)),
                Set.of(), Map.of());
        // The JDK HttpClient's module is woven too (its request and exchange constructors): it must read the bridge,
        // and its internals are read from there. Absent from a runtime linked without java.net.http.
        java.util.Optional<Module> http = ModuleLayer.boot().findModule("java.net.http");
        if (http.isPresent()) {
            instrumentation.redefineModule(http.get(), Set.of(bridge), Map.of(),
                    Map.of("jdk.internal.net.http", Set.of(bridge)), Set.of(), Map.of());
        }
    }
}
