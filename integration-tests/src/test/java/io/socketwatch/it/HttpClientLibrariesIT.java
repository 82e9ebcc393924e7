package io.socketwatch.it;

import static io.socketwatch.it.LibraryRuns.report;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache HttpClient 5.5 (classic) and OkHttp 4.12, each with its defaults (pool, retries), against an
 * {@link HttpPeer} that resets after the request, half-closes after the request (FIN, no answer), or resets the second
 * request on a pooled connection; and against a port nobody listens on. On JDK 11, 17 and 25: the application's
 * outcome is the same with the agent; every real socket failure is reported exactly once (a library's retry on a new
 * connection is a second real failure, a retry that succeeds leaves one), at the scenario's call site; the peer's
 * record of each connection's fate says how many connections the library made, so each count is explained.
 */
class HttpClientLibrariesIT {

    enum Client {
        APACHE(ClientsApp.Stack.APACHE_HTTPCLIENT_5, "apache-", "org.example.clients.ApacheClientScenarios.get"),
        OKHTTP_4(ClientsApp.Stack.OKHTTP_4, "okhttp-", "org.example.clients.OkHttpScenarios.get");

        final ClientsApp.Stack stack;
        final String prefix;
        final String callSite;

        Client(ClientsApp.Stack stack, String prefix, String callSite) {
            this.stack = stack;
            this.prefix = prefix;
            this.callSite = callSite;
        }
    }

    enum Case { RESET, REFUSED, HALF_CLOSE, POOLED_RESET }

    /** What one case must give: the application's output, the agent's reports, the peer's connection fates. */
    private static final class Expected {
        final List<String> stdout;
        final List<String> reports;
        final List<String> fates;

        Expected(List<String> stdout, List<String> reports, List<String> fates) {
            this.stdout = stdout;
            this.reports = reports;
            this.fates = fates;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (Client client : Client.values()) {
                for (Case c : Case.values()) {
                    all.add(Arguments.of(jdk, client, c));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void oneReportPerRealSocketFailure(Jdk jdk, Client client, Case c) {
        Expected expected = expected(client, c);
        String scenario = client.prefix + c.name().toLowerCase().replace('_', '-');

        PeerRun without = run(jdk, client, c, scenario, null);
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            PeerRun with = run(jdk, client, c, scenario, receiver);
            List<String> stdout = new ArrayList<>(expected.stdout);
            stdout.add("done");
            LibraryRuns.assertReported(without.result, with.result, receiver, stdout, expected.reports);
            assertEquals(expected.fates, without.fates, "the peer's connections without the agent\n" + without.result);
            assertEquals(expected.fates, with.fates, "the peer's connections with the agent\n" + with.result);
        }
    }

    private static final class PeerRun {
        final JvmResult result;
        final List<String> fates;

        PeerRun(JvmResult result, List<String> fates) {
            this.result = result;
            List<String> sorted = new ArrayList<>(fates);
            Collections.sort(sorted);
            this.fates = sorted;
        }
    }

    private static PeerRun run(Jdk jdk, Client client, Case c, String scenario, OtlpReceiver receiver) {
        if (c == Case.REFUSED) {
            int port = PostgresCluster.freePort(); // nothing listens there: the kernel answers the SYN with an RST
            return new PeerRun(LibraryRuns.scenario(jdk, client.stack, receiver, scenario, Integer.toString(port))
                    .run(), List.of());
        }
        HttpPeer.Behaviour behaviour = c == Case.RESET ? HttpPeer.Behaviour.RESET_AFTER_REQUEST
                : c == Case.HALF_CLOSE ? HttpPeer.Behaviour.HALF_CLOSE_AFTER_REQUEST
                : HttpPeer.Behaviour.RESET_SECOND_REQUEST;
        try (HttpPeer peer = HttpPeer.start(behaviour)) {
            JvmResult result = LibraryRuns.scenario(jdk, client.stack, receiver, scenario,
                    Integer.toString(peer.port())).run();
            // The child has exited, so every connection it made is closed; wait for the peer's threads to record it.
            return new PeerRun(result, peer.awaitFates());
        }
    }

    private static Expected expected(Client client, Case c) {
        String site = client.callSite;
        switch (client) {
            case APACHE:
                switch (c) {
                    case RESET:
                        // DefaultHttpRequestRetryStrategy retries a GET once after an I/O error: two connections,
                        // two real resets, both at the application's execute() call.
                        return new Expected(List.of("get: failed with java.net.SocketException"),
                                List.of(report("connection_reset read client", site),
                                        report("connection_reset read client", site)),
                                List.of("reset", "reset"));
                    case REFUSED:
                        // A refused connect is never retried (ConnectException is non-retriable).
                        return new Expected(List.of("get: failed with"
                                + " org.apache.hc.client5.http.HttpHostConnectException"),
                                List.of(report("connection_refused connect client", site)), List.of());
                    case HALF_CLOSE:
                        // EOF instead of a response is not a socket failure; NoHttpResponseException is retried
                        // once. After each failed exchange the classic client discards the connection with
                        // CloseMode.IMMEDIATE, which sets SO_LINGER 0 before the close (BHttpConnectionBase.close):
                        // a real RST this process sends, reported at the application's execute() call; the peer,
                        // still reading its half-open connection, sees the reset.
                        return new Expected(List.of("get: failed with org.apache.hc.core5.http.NoHttpResponseException"),
                                List.of(report("reset_sent close client linger_zero", site),
                                        report("reset_sent close client linger_zero", site)),
                                List.of("half-closed, then client reset", "half-closed, then client reset"));
                    default:
                        // The reused connection is reset; the retry on a new connection succeeds: one report, and
                        // the application never sees a failure.
                        return new Expected(List.of("first get: 200 ok", "second get: 200 ok"),
                                List.of(report("connection_reset read client", site)),
                                List.of("answered+reset", "answered, then client closed"));
                }
            default:
                switch (c) {
                    case RESET:
                        return new Expected(List.of("get: failed with java.net.SocketException"),
                                List.of(report("connection_reset read client", site)), List.of("reset"));
                    case REFUSED:
                        // OkHttp wraps the JDK's ConnectException in its own ("Failed to connect to ..."); one route
                        // (one address, no proxy), so no second attempt.
                        return new Expected(List.of("get: failed with java.net.ConnectException"
                                + " <- java.net.ConnectException"),
                                List.of(report("connection_refused connect client", site)), List.of());
                    case HALF_CLOSE:
                        // "unexpected end of stream" (IOException) caused by okio's EOFException; not retried on a
                        // new connection (its route was used up); OkHttp then closes the socket normally (FIN).
                        return new Expected(List.of("get: failed with java.io.IOException <- java.io.EOFException"),
                                List.of(), List.of("half-closed, then client closed"));
                    default:
                        return new Expected(List.of("first get: 200 ok", "second get: 200 ok"),
                                List.of(report("connection_reset read client", site)),
                                List.of("answered+reset", "answered, then client closed"));
                }
        }
    }
}
