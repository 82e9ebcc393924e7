package io.socketwatch.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample scenario, in its own JVM with the real agent jar, on JDK 11, 17 and 25, exporting OTLP http/protobuf
 * to a receiver in this test: the spans and the socketwatch.errors counter must be exactly what the scenario
 * produces, each span must carry the contract's attributes, and the scenario's own output must be unchanged. The
 * scenarios built for issue 5 run with creation stacks on, and {@link SampleDiagnosis} checks their history and hint.
 */
class SampleScenariosIT {

    static Stream<Arguments> scenariosOnEveryJdk() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (String scenario : new TreeMap<>(ExpectedFailures.BY_SCENARIO).keySet()) {
                cases.add(Arguments.of(jdk, scenario));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("scenariosOnEveryJdk")
    void reportsExactlyWhatTheScenarioBreaks(Jdk jdk, String scenario) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmResult run = JvmRun.on(jdk).withAgent().jvmArgs(JvmRun.EXIT_EXPORT_WAIT)
                    .jvmArgs(SampleDiagnosis.jvmArgs(scenario))
                    .env(receiver.exporterEnvironment())
                    .env("OTEL_SERVICE_NAME", ScenarioAssertions.SAMPLE_SERVICE)
                    .sampleApp(scenario).timeout(Duration.ofSeconds(60)).run();
            ScenarioAssertions.assertReportedExactly(scenario, run, receiver);
            SampleDiagnosis.assertDiagnosis(scenario, run, receiver);
        }
    }
}
