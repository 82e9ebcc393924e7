package org.example.clients;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL JDBC driver (org.postgresql) against a real PostgreSQL server, through the test's fault proxy
 * (args: the proxy's port, then the test's checkpoint port). Each scenario's failing JDBC call is in the scenario's
 * own method, which is the frame the agent must name.
 */
final class PostgresScenarios {

    private PostgresScenarios() {
    }

    static void run(String scenario, String[] args) throws Exception {
        int proxyPort = Integer.parseInt(args[0]);
        int checkpointPort = Integer.parseInt(args[1]);
        switch (scenario) {
            case "pg-reset-mid-query":
                resetMidQuery(proxyPort);
                break;
            case "pg-reset-while-idle":
                resetWhileIdle(proxyPort, checkpointPort);
                break;
            case "pg-stale-after-idle":
                staleAfterIdle(proxyPort, checkpointPort);
                break;
            case "pg-stalled-read-timeout":
                stalledReadTimeout(proxyPort, checkpointPort);
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /**
     * The query is on its way (the test waits until its text has passed the proxy), then the proxy resets the
     * connection towards the driver, which is blocked reading the answer.
     */
    private static void resetMidQuery(int proxyPort) throws SQLException {
        try (Connection connection = connect(proxyPort, 0)) {
            Outcome.print("connect", "ok");
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT pg_sleep(30) AS mid_query_marker");
                Outcome.print("query", "returned (unexpected)");
            } catch (SQLException e) {
                Outcome.failed("query", e);
            }
            Outcome.print("connection closed by the driver", String.valueOf(connection.isClosed()));
        }
    }

    /**
     * A connection idle in the application (as in a pool) is reset towards the driver; its next query finds the
     * reset when it writes.
     */
    private static void resetWhileIdle(int proxyPort, int checkpointPort) throws Exception {
        try (Connection connection = connect(proxyPort, 0)) {
            Outcome.print("first query", firstValue(connection, "SELECT 1"));
            Checkpoint.reach(checkpointPort, "idle");
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 2");
                Outcome.print("query after idle", "returned (unexpected)");
            } catch (SQLException e) {
                Outcome.failed("query after idle", e);
            }
        }
    }

    /**
     * While the connection is idle, the server side of the flow is reset (the server ends its session) and the
     * proxy answers the driver's next query with an RST, like a NAT or load balancer that forgot the flow: the query
     * is written fine and the reset arrives on the read.
     */
    private static void staleAfterIdle(int proxyPort, int checkpointPort) throws Exception {
        try (Connection connection = connect(proxyPort, 0)) {
            Outcome.print("first query", firstValue(connection, "SELECT 1"));
            Checkpoint.reach(checkpointPort, "idle");
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 2");
                Outcome.print("query on the stale connection", "returned (unexpected)");
            } catch (SQLException e) {
                Outcome.failed("query on the stale connection", e);
            }
        }
    }

    /** socketTimeout=1 (seconds) and a proxy that stopped forwarding: the driver's read times out. */
    private static void stalledReadTimeout(int proxyPort, int checkpointPort) throws Exception {
        try (Connection connection = connect(proxyPort, 1)) {
            Outcome.print("first query", firstValue(connection, "SELECT 1"));
            Checkpoint.reach(checkpointPort, "connected");
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT 2");
                Outcome.print("query through the stalled proxy", "returned (unexpected)");
            } catch (SQLException e) {
                Outcome.failed("query through the stalled proxy", e);
            }
        }
    }

    /**
     * Trust authentication as postgres on the throwaway cluster; no TLS or GSS negotiation (the scenarios are about
     * the plain TCP connection). socketTimeout 0 is the driver's default: no read timeout.
     */
    private static Connection connect(int port, int socketTimeoutSeconds) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&sslmode=disable"
                + "&gssEncMode=disable&connectTimeout=10&socketTimeout=" + socketTimeoutSeconds;
        return DriverManager.getConnection(url);
    }

    private static String firstValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
