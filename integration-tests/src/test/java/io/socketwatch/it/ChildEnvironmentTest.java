package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    @Test
    void scrubsAgentAndOtelSettingsThenAppliesTheTestsChanges() {
        Map<String, String> inherited = Map.of(
                "PATH", "/usr/bin",
                "HOME", "/root",
                "LANG", "C.UTF-8",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://elsewhere:4318",
                "OTEL_SERVICE_NAME", "inherited",
                "SOCKETWATCH_DEBUG", "true",
                "JAVA_TOOL_OPTIONS", "-javaagent:/other.jar",
                "JDK_JAVA_OPTIONS", "-Xmx1g",
                "_JAVA_OPTIONS", "-Xss1m");

        Map<String, String> env = ChildEnvironment.build(inherited, Set.of("LANG"),
                Map.of("OTEL_SERVICE_NAME", "chosen", "LC_ALL", "C"));

        assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/root", "OTEL_SERVICE_NAME", "chosen", "LC_ALL", "C"), env);
    }
}
