package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Switched off, the agent does nothing at all: OTEL_SDK_DISABLED=true (the OpenTelemetry-wide switch) and,
 * separately, -Dsocketwatch.enabled=false. A failing scenario with an OTLP receiver configured then produces no
 * request, nothing on stderr, and the application's own output, unchanged. (SampleScenariosIT shows that the same
 * scenario and configuration without the switch does export.)
 */
class AgentDisabledIT {

    private static final String SCENARIO = "reset-on-read";

    enum Switch {
        OTEL_SDK_DISABLED,
        SOCKETWATCH_ENABLED_FALSE
    }

    static List<Arguments> switchesOnEveryJdk() {
        List<Arguments> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (Switch off : Switch.values()) {
                cases.add(Arguments.of(jdk, off));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("switchesOnEveryJdk")
    void aDisabledAgentDoesNothing(Jdk jdk, Switch off) {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            JvmRun run = JvmRun.on(jdk).withAgent().env(receiver.exporterEnvironment())
                    // Exports would happen during the run, not only at exit, if anything were exported at all.
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "100")
                    .env("OTEL_BSP_SCHEDULE_DELAY", "50");
            if (off == Switch.OTEL_SDK_DISABLED) {
                run.env("OTEL_SDK_DISABLED", "true");
            } else {
                run.jvmArgs("-Dsocketwatch.enabled=false");
            }
            JvmResult result = run.sampleApp(SCENARIO).timeout(WithoutAgent.TIMEOUT).run();
            String context = result + "\n" + receiver.summary();

            result.assertExitCode(0);
            assertEquals("", result.stderr(), "a disabled agent prints nothing\n" + context);
            assertEquals(Map.of(), receiver.requestCounts(), "a disabled agent sends nothing\n" + context);
            WithoutAgent.assertUnaffected(WithoutAgent.sampleApp(jdk, SCENARIO), result, context);
        }
    }
}
