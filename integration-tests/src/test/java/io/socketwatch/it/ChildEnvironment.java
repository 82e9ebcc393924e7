package io.socketwatch.it;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment of a child JVM: the test JVM's environment minus anything that would change what the agent or the
 * JVM does behind the test's back, then the test's own removals and additions.
 */
public final class ChildEnvironment {

    /** Variables the JVM launcher or the JVM itself reads as extra options; they could attach a second agent. */
    static final Set<String> JVM_OPTION_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private ChildEnvironment() {
    }

    /**
     * @param inherited the test JVM's environment ({@code System.getenv()})
     * @param removed   names to drop in addition to the scrubbed ones
     * @param added     names and values to set last (they win over everything else)
     */
    public static Map<String, String> build(Map<String, String> inherited, Set<String> removed,
            Map<String, String> added) {
        Map<String, String> env = new TreeMap<>();
        inherited.forEach((name, value) -> {
            if (!isScrubbed(name) && !removed.contains(name)) {
                env.put(name, value);
            }
        });
        env.putAll(added);
        return env;
    }

    /** OTEL_* (OpenTelemetry autoconfigure), SOCKETWATCH_* (the agent's own settings) and the JVM option variables. */
    static boolean isScrubbed(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("OTEL_") || upper.startsWith("SOCKETWATCH_") || JVM_OPTION_VARIABLES.contains(upper);
    }
}
