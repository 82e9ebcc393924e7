package io.socketwatch.agent.summary;

/**
 * The group a failure belongs to in the exit summary, as its label.
 *
 * <p>Failures are grouped by the server endpoint of the connection (server.address and server.port, as the
 * {@code socketwatch.errors} counter is), on the side this process took:
 * <ul>
 *   <li>as a client, the server it connected to: "peer db.internal:5432";</li>
 *   <li>as a server, its own listening endpoint: "clients of 10.0.0.5:8080". A server's peers are its clients, whose
 *       ports are ephemeral: one group per client port would spread one incident ("the load balancer in front of
 *       :8080 reset 500 connections") over hundreds of one-line groups, and the exit summary would show the first
 *       ten of them. Grouping by the listening endpoint keeps one line per service, as the counter does.</li>
 * </ul>
 * The two sides stay apart even for the same endpoint (a process calling its own listener): the counts, idle times
 * and hints of each side describe different sockets.
 */
public final class PeerLabel {

    /** The address ErrorCounts folds series into past its limit. */
    static final String FOLDED = "_OTHER";

    private PeerLabel() {
    }

    /**
     * @param serverSide true for failures on accepted connections (role server)
     * @param address server.address (a host name or an IP literal), or null if unknown
     * @param port server.port, or -1
     */
    public static String of(boolean serverSide, String address, long port) {
        if (FOLDED.equals(address)) {
            return serverSide ? "clients of further endpoints" : "further peers";
        }
        if (address == null) {
            return serverSide ? "clients of an unknown endpoint" : "unknown peer";
        }
        String endpoint = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        return serverSide ? "clients of " + endpoint : "peer " + endpoint;
    }
}
