package io.socketwatch.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ScenariosTest {

    /** The agent's expectations and the integration tests refer to these names and this order. */
    @Test
    void namesAndOrder() {
        assertEquals(List.of("reset-on-read", "echo-clean", "echo-reset", "echo-write-error", "echo-timeout",
                "retry-after-reset", "refused", "read-timeout", "linger-abort", "clean", "nio-reset-on-read",
                "nio-selector-reset", "nio-refused", "adaptor-reset-on-read", "nio-linger-abort",
                "async-reset-on-read", "tls-reset", "tls-untrusted", "httpclient-reset", "peer-closed-first",
                "stale-pooled-connection"),
                Scenarios.ALL.stream().map(Scenario::name).collect(Collectors.toList()));
    }

    @TestFactory
    List<DynamicTest> everyScenarioObservesWhatItWasDesignedFor() {
        return Scenarios.ALL.stream().map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
            Run run = new Run(scenario.name());
            scenario.run(run);
            run.finish();
            assertEquals(scenario.expected(), run.lines(), () -> String.join("\n", run.problems()));
        })).collect(Collectors.toList());
    }
}
