package io.socketwatch.it;

import static io.socketwatch.it.LibraryRuns.report;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL JDBC driver against a real PostgreSQL server (Debian's package, a throwaway cluster per test class:
 * {@link PostgresCluster}), with a {@link FaultProxy} between them that breaks the connection on command. On every
 * JDK: the driver's exception reaches the application unchanged (the same PSQLException, SQLState and causes as
 * without the agent), and the agent reports the one socket failure under it, at the scenario's JDBC call (the
 * driver's org.postgresql frames are skipped by the default socketwatch.stack.skip).
 */
class PostgresJdbcIT {

    private static final String PSQL_CONNECTION_FAILURE = "org.postgresql.util.PSQLException[sqlstate 08006]";
    private static final String APP = "org.example.clients.PostgresScenarios.";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PostgresCluster cluster;

    @BeforeAll
    static void startPostgres() {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** What the test does to the connection while the child runs. */
    interface Fault {
        void inject(FaultProxy proxy, Checkpoints checkpoints, Future<JvmResult> child);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void resetMidQueryIsAConnectionResetOnRead(Jdk jdk) {
        // Once the query's text has passed the proxy, the driver has written it and waits for the answer.
        Fault fault = (proxy, checkpoints, child) -> {
            proxy.awaitForwarded(0, FaultProxy.Direction.TO_SERVER, "mid_query_marker", WAIT);
            proxy.resetAll(FaultProxy.Side.CLIENT);
        };
        check(jdk, "pg-reset-mid-query", fault, List.of(
                "connect: ok",
                "query: failed with " + PSQL_CONNECTION_FAILURE + " <- java.net.SocketException",
                "connection closed by the driver: true"),
                List.of(report("connection_reset read client", APP + "resetMidQuery")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void resetWhileIdleIsFoundByTheNextQuerysWrite(Jdk jdk) {
        // The RST reaches the idle socket first; Linux then fails the next send with ECONNRESET (tcp_sendmsg returns
        // the pending sk_err), so the reset surfaces on the driver's write of the query, not on a read.
        Fault fault = (proxy, checkpoints, child) -> {
            Checkpoints.Arrival idle = checkpoints.await("idle", child, WAIT);
            proxy.resetAll(FaultProxy.Side.CLIENT);
            idle.release();
        };
        check(jdk, "pg-reset-while-idle", fault, List.of(
                "first query: 1",
                "query after idle: failed with " + PSQL_CONNECTION_FAILURE + " <- java.net.SocketException"),
                List.of(report("connection_reset write client", APP + "resetWhileIdle")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aStaleIdleConnectionIsResetOnTheRead(Jdk jdk) {
        // The server side of the flow is reset while the driver's connection is idle; the proxy answers the next
        // query with an RST (a middlebox that forgot the flow), after the driver's write succeeded.
        Fault fault = (proxy, checkpoints, child) -> {
            Checkpoints.Arrival idle = checkpoints.await("idle", child, WAIT);
            proxy.resetAll(FaultProxy.Side.SERVER);
            idle.release();
        };
        check(jdk, "pg-stale-after-idle", fault, List.of(
                "first query: 1",
                "query on the stale connection: failed with " + PSQL_CONNECTION_FAILURE
                        + " <- java.net.SocketException"),
                List.of(report("connection_reset read client", APP + "staleAfterIdle")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Jdk.class)
    void aStalledServerWithSocketTimeoutIsAReadTimeout(Jdk jdk) {
        Fault fault = (proxy, checkpoints, child) -> {
            Checkpoints.Arrival connected = checkpoints.await("connected", child, WAIT);
            proxy.stall();
            connected.release();
        };
        check(jdk, "pg-stalled-read-timeout", fault, List.of(
                "first query: 1",
                "query through the stalled proxy: failed with " + PSQL_CONNECTION_FAILURE
                        + " <- java.net.SocketTimeoutException"),
                List.of(report("read_timeout read client", APP + "stalledReadTimeout")));
    }

    private static void check(Jdk jdk, String scenario, Fault fault, List<String> saw, List<String> reports) {
        List<String> expectedStdout = new java.util.ArrayList<>(saw);
        expectedStdout.add("done");
        JvmResult without = run(jdk, null, scenario, fault);
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult with = run(jdk, receiver, scenario, fault);
            LibraryRuns.assertReported(without, with, receiver, expectedStdout, reports);
        }
    }

    private static JvmResult run(Jdk jdk, OtlpReceiver receiver, String scenario, Fault fault) {
        try (FaultProxy proxy = FaultProxy.start(cluster.address()); Checkpoints checkpoints = new Checkpoints()) {
            Future<JvmResult> child = ChildInBackground.start(LibraryRuns.scenario(jdk,
                    ClientsApp.Stack.POSTGRESQL_JDBC, receiver, scenario, Integer.toString(proxy.port()),
                    Integer.toString(checkpoints.port())));
            fault.inject(proxy, checkpoints, child);
            return ChildInBackground.resultOf(child);
        }
    }
}
