package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever happens to the OTLP endpoint, the application does not notice: with the endpoint (a) unreachable (a
 * closed port: connection refused), (b) hanging (accepts the connection, never answers) or (c) resetting every
 * connection, a failing sample-app run with the agent exporting there prints exactly what it prints without the
 * agent, exits 0, exits within 1 s of the same run exporting to a healthy receiver, and the agent says so in exactly
 * one line on stderr, the export warning, however many exports failed.
 *
 * <p>Exports are frequent (spans every 50 ms, metrics every 100 ms) and the run lasts a few of those intervals
 * (read-timeout waits out a 200 ms socket timeout), so several exports fail during the run, and the exit meets one.
 * Retries are the SDK's defaults, as users get them. Each case runs three rounds of one healthy and one failing run,
 * interleaved so both see the same machine load, after one healthy run that warms up the receiver, and compares the
 * medians of their wall times.
 */
class FailingEndpointIT {

    private static final Jdk JDK = Jdk.JDK_17;
    private static final String[] SCENARIOS = {"reset-on-read", "read-timeout"};
    private static final int ROUNDS = 3;
    /** Issue 3: the application exits within 1 s of its normal time, whatever its collector does. */
    private static final Duration MAX_DELAY = Duration.ofSeconds(1);
    private static final String WARNING = "socketwatch: could not export ";

    enum Failure {
        UNREACHABLE, HANGING, RESETTING
    }

    static List<Arguments> cases() {
        return List.of(
                Arguments.of(OtlpReceiver.HTTP_PROTOBUF, Failure.UNREACHABLE),
                Arguments.of(OtlpReceiver.HTTP_PROTOBUF, Failure.HANGING),
                Arguments.of(OtlpReceiver.HTTP_PROTOBUF, Failure.RESETTING),
                Arguments.of(OtlpReceiver.GRPC, Failure.HANGING));
    }

    @ParameterizedTest(name = "{0}, endpoint {1}")
    @MethodSource("cases")
    void theApplicationIsUnaffectedAndTheAgentWarnsOnce(String protocol, Failure failure) {
        JvmResult without = WithoutAgent.sampleApp(JDK, SCENARIOS);
        int expectedSpans = 0;
        for (String scenario : SCENARIOS) {
            expectedSpans += ExpectedFailures.BY_SCENARIO.get(scenario).size();
        }
        try (OtlpReceiver receiver = protocol.equals(OtlpReceiver.GRPC) ? OtlpReceiver.startWithGrpc()
                : OtlpReceiver.start(); FailingEndpoint endpoint = FailingEndpoint.start(failure)) {
            // One run first, not measured: the receiver in this JVM answers slowly until it is warm, and a slow
            // answer to the healthy run's last export would flatter the comparison.
            run(receiver.exporterEnvironment(protocol)).assertExitCode(0);
            List<JvmResult> healthyRuns = new ArrayList<>();
            List<JvmResult> failingRuns = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                receiver.clear();
                JvmResult healthy = run(receiver.exporterEnvironment(protocol));
                String healthyContext = "healthy receiver, round " + (round + 1) + "\n" + healthy + "\n"
                        + receiver.summary();
                WithoutAgent.assertUnaffected(without, healthy, healthyContext);
                assertEquals(List.of(), healthy.stderrLines(), "a healthy export leaves stderr empty\n"
                        + healthyContext);
                assertEquals(expectedSpans, receiver.spans().size(), "the healthy run exported every failure\n"
                        + healthyContext);
                AgentCounters.assertNoContainedErrors(healthy, receiver, healthyContext);
                healthyRuns.add(healthy);

                JvmResult failing = run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.url(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL", protocol));
                String context = failure + " endpoint " + endpoint.url() + " (" + endpoint.evidence() + "), round "
                        + (round + 1) + "\n" + failing;
                WithoutAgent.assertUnaffected(without, failing, context);
                failing.assertExitCode(0);
                AgentCounters.assertNoContainedErrorsOnStderr(failing, context);
                List<String> stderr = failing.stderrLines();
                assertEquals(1, stderr.size(), "stderr: the agent's export warning, once, and nothing else\n"
                        + context);
                assertTrue(stderr.get(0).startsWith(WARNING), "the one line on stderr must be the export warning"
                        + " (`" + WARNING + "...`)\n" + context);
                failingRuns.add(failing);
            }
            String context = "healthy runs:\n" + healthyRuns + "\n\nruns against the " + failure + " endpoint "
                    + endpoint.url() + " (" + endpoint.evidence() + "):\n" + failingRuns;
            assertTrue(endpoint.failedExports() >= ROUNDS, "every run must have met the failing endpoint ("
                    + endpoint.evidence() + ")\n" + context);

            Duration healthy = median(healthyRuns);
            Duration failing = median(failingRuns);
            Duration delay = failing.minus(healthy);
            assertTrue(delay.compareTo(MAX_DELAY) <= 0, "median wall time against the " + failure + " endpoint "
                    + failing.toMillis() + " ms, with a healthy receiver " + healthy.toMillis() + " ms: "
                    + delay.toMillis() + " ms later, at most " + MAX_DELAY.toMillis() + " ms allowed\n" + context);

            System.out.println("[stress] FailingEndpointIT, JDK " + JDK.major() + ", " + protocol + ", endpoint "
                    + failure.name().toLowerCase() + ": exit after " + failing.toMillis() + " ms vs "
                    + healthy.toMillis() + " ms with a healthy receiver (medians of " + ROUNDS + "): "
                    + String.format("%+d", delay.toMillis()) + " ms (at most +" + MAX_DELAY.toMillis()
                    + " ms); stdout and exit code as without the agent; stderr 1 line: \""
                    + abbreviate(failingRuns.get(0).stderrLines().get(0)) + "\"; " + endpoint.evidence());
        }
    }

    private static JvmResult run(Map<String, String> exporter) {
        return JvmRun.on(JDK).withAgent().env(exporter)
                .env("OTEL_SERVICE_NAME", ScenarioAssertions.SAMPLE_SERVICE)
                .env("OTEL_BSP_SCHEDULE_DELAY", "50")
                .env("OTEL_METRIC_EXPORT_INTERVAL", "100")
                .sampleApp(SCENARIOS[0], SCENARIOS[1]).timeout(WithoutAgent.TIMEOUT).run();
    }

    private static Duration median(List<JvmResult> runs) {
        List<Duration> times = runs.stream().map(JvmResult::wallTime).sorted().collect(Collectors.toList());
        return times.get(times.size() / 2);
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    /** One of the three failing endpoints, with what it saw of the agent's exports. */
    private static final class FailingEndpoint implements AutoCloseable {
        private final String url;
        private final IntSupplier failedExports;
        private final String unit;
        private final AutoCloseable resource;

        private FailingEndpoint(String url, IntSupplier failedExports, String unit, AutoCloseable resource) {
            this.url = url;
            this.failedExports = failedExports;
            this.unit = unit;
            this.resource = resource;
        }

        static FailingEndpoint start(Failure failure) {
            switch (failure) {
                case UNREACHABLE: {
                    // What the kernel answers on a port nobody listens on: RST to the SYN, ECONNREFUSED.
                    int port = closedPort();
                    return new FailingEndpoint("http://127.0.0.1:" + port, () -> Integer.MAX_VALUE,
                            "port " + port + " closed: every connect refused", () -> { });
                }
                case HANGING: {
                    HangingEndpoint hanging = HangingEndpoint.start();
                    return new FailingEndpoint(hanging.endpoint(), hanging::heldConnections,
                            "connections accepted and held unanswered", hanging);
                }
                case RESETTING: {
                    ResettingEndpoint resetting = ResettingEndpoint.start();
                    return new FailingEndpoint(resetting.endpoint(), resetting::resetConnections,
                            "connections reset", resetting);
                }
                default:
                    throw new IllegalArgumentException(failure.toString());
            }
        }

        String url() {
            return url;
        }

        /** How many exports (connections) the endpoint failed, as far as it can tell. */
        int failedExports() {
            return failedExports.getAsInt();
        }

        String evidence() {
            int count = failedExports();
            return count == Integer.MAX_VALUE ? unit : count + " " + unit;
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
            }
        }

        @Override
        public void close() {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the " + url + " endpoint", e);
            }
        }
    }
}
