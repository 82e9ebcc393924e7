package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The jars built earlier in the same reactor run, found through the system properties that surefire sets
 * (see integration-tests/pom.xml). A missing jar fails the test: it never skips.
 */
public final class BuildArtifacts {

    public static final String AGENT_JAR_PROPERTY = "socketwatch.agent.jar";
    public static final String SAMPLE_JAR_PROPERTY = "socketwatch.sample.jar";

    private BuildArtifacts() {
    }

    /** agent/target/socketwatch-agent.jar, the jar given to {@code -javaagent:}. */
    public static Path agentJar() {
        return existingJar(AGENT_JAR_PROPERTY, "../agent/target/socketwatch-agent.jar", "agent");
    }

    /** sample-app/target/sample-app.jar; {@code java -jar sample-app.jar <scenario>} runs one scenario. */
    public static Path sampleAppJar() {
        return existingJar(SAMPLE_JAR_PROPERTY, "../sample-app/target/sample-app.jar", "sample-app");
    }

    private static Path existingJar(String property, String defaultPath, String module) {
        Path jar = Paths.get(System.getProperty(property, defaultPath)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail(module + " jar not found at " + jar + " (system property " + property + "): the " + module
                    + " module packages it earlier in the same reactor run; build from the root with `mvn -B verify`"
                    + " rather than this module alone, or pass -D" + property + "=<path>");
        }
        return jar;
    }
}
