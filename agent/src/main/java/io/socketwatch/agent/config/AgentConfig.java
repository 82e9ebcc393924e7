package io.socketwatch.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every socketwatch setting, read once at start-up from -D system properties ({@code socketwatch.x.y}), the
 * environment ({@code SOCKETWATCH_X_Y}) and the agent argument string ({@code -javaagent:jar=x.y=v,...}), in that
 * order of precedence. OpenTelemetry's own OTEL_* settings are read by the SDK's autoconfiguration; this class only
 * looks at them to tell whether the user configured an exporter at all.
 */
public final class AgentConfig {

    /** Packages whose frames are never "the application's code": the JDK and the agent itself. */
    static final List<String> ALWAYS_SKIPPED = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "io.socketwatch.agent.", "io.socketwatch.shaded.");

    /**
     * Libraries that sit between the application and the socket; skipped so the frame names the caller. One string,
     * split (and each name given its dot) at run time, on purpose: the agent jar relocates its own okhttp3, okio and
     * kotlin (agent/pom.xml), and maven-shade-plugin also rewrites every string constant that starts with one of those
     * names ("okio." and even a bare "okio" became "io.socketwatch.shaded.okio" in the shipped jar, so the
     * application's OkHttp frames were named instead of its own; found by HttpClientLibrariesIT). The relocator only
     * looks at the start of a constant, so none of those names may come first here.
     */
    static final String DEFAULT_LIBRARIES = "io.netty reactor.netty reactor.core okhttp3 okio kotlin org.apache.http"
            + " org.apache.hc org.eclipse.jetty org.apache.tomcat org.apache.coyote org.apache.catalina org.postgresql"
            + " com.zaxxer.hikari com.mysql org.mariadb com.google.common";

    private static final List<String> EXPORTER_SETTINGS = List.of(
            "otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint",
            "otel.exporter.otlp.metrics.endpoint", "otel.traces.exporter", "otel.metrics.exporter");

    private final Function<String, String> source;

    private AgentConfig(Function<String, String> source) {
        this.source = source;
    }

    public static AgentConfig load(String agentArgs) {
        return new AgentConfig(new Layered(parseArgs(agentArgs), System.getenv()));
    }

    /** For tests: settings from a map, as if they were system properties. */
    public static AgentConfig of(Map<String, String> settings) {
        return new AgentConfig(settings::get);
    }

    /** socketwatch.enabled (default true); OTEL_SDK_DISABLED=true turns the agent off as well. */
    public boolean enabled() {
        return bool("socketwatch.enabled", true) && !bool("otel.sdk.disabled", false);
    }

    /** socketwatch.debug: print the agent's internals (what it instrumented, contained errors) to stderr. */
    public boolean debug() {
        return bool("socketwatch.debug", false);
    }

    /**
     * Where failures go. socketwatch.output = otlp | console | both; by default OTLP when the user configured an
     * OpenTelemetry exporter (an OTLP endpoint, or OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER), else console, so
     * that an agent attached with nothing configured never sends anything over the network.
     */
    public Output output() {
        String value = get("socketwatch.output");
        if (value != null) {
            return Output.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        for (String key : EXPORTER_SETTINGS) {
            if (get(key) != null) {
                return Output.OTLP;
            }
        }
        return Output.CONSOLE;
    }

    /** The JDK's and the agent's package prefixes: never the application's code, nor a library's. */
    public static List<String> platformPackages() {
        return ALWAYS_SKIPPED;
    }

    /** Package prefixes skipped when looking for the application's frame: JDK, agent, and socketwatch.stack.skip. */
    public List<String> skippedPackages() {
        List<String> skipped = new ArrayList<>(ALWAYS_SKIPPED);
        String value = get("socketwatch.stack.skip");
        if (value == null) {
            for (String library : DEFAULT_LIBRARIES.split(" ")) {
                skipped.add(library + ".");
            }
        } else {
            for (String prefix : value.split(",")) {
                if (!prefix.isBlank()) {
                    String p = prefix.trim();
                    skipped.add(p.endsWith(".") ? p : p + ".");
                }
            }
        }
        return Collections.unmodifiableList(skipped);
    }

    /** socketwatch.ledger.capacity: most connections tracked at once (default 100,000). */
    public int ledgerCapacity() {
        return integer("socketwatch.ledger.capacity", 100_000);
    }

    /**
     * socketwatch.connection.stack.depth: frames of the stack that opened each connection kept for its failure
     * reports ({@code socketwatch.connection.created_at}); 0 (the default) captures none. The capture (a Throwable)
     * runs at every connect and accept, failing or not: ~2.6 us each measured on a shallow stack, more on deep ones,
     * which the churn budget (issue 3) cannot afford by default.
     */
    public int connectionStackDepth() {
        return integer("socketwatch.connection.stack.depth", 0);
    }

    /** socketwatch.queue.capacity: failures waiting to be reported before further ones are dropped (counted). */
    public int queueCapacity() {
        return integer("socketwatch.queue.capacity", 10_000);
    }

    /**
     * socketwatch.spans.per-second (default 100) and socketwatch.spans.burst (default 500): how many failures are
     * reported one by one (spans, console lines). Counting is never limited.
     */
    public int spansPerSecond() {
        return positive("socketwatch.spans.per-second", 100);
    }

    public int spansBurst() {
        return positive("socketwatch.spans.burst", 500);
    }

    /**
     * socketwatch.shutdown.timeout.ms: how long the exit may wait for the last exports to reach the endpoint
     * (default 750). A hanging collector then delays the application's exit by at most this; one that refuses or
     * resets is not waited for at all. Issue 3 allows a failing collector 1 s: a hanging one costs this minus what a
     * healthy one takes anyway (0.1-0.3 s at exit), so 750 keeps well within it and still gives a healthy collector
     * several times what it needs.
     */
    public long shutdownTimeoutMillis() {
        return integer("socketwatch.shutdown.timeout.ms", 750);
    }

    public String get(String key) {
        String value = source.apply(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private boolean bool(String key, boolean fallback) {
        String value = get(key);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    private int positive(String key, int fallback) {
        int value = integer(key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
        return value;
    }

    private int integer(String key, int fallback) {
        String value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }

    static Map<String, String> parseArgs(String agentArgs) {
        if (agentArgs == null || agentArgs.isBlank()) {
            return Map.of();
        }
        Map<String, String> parsed = new java.util.HashMap<>();
        for (String pair : Arrays.asList(agentArgs.split(","))) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String key = pair.substring(0, eq).trim();
                parsed.put(key.startsWith("socketwatch.") ? key : "socketwatch." + key, pair.substring(eq + 1).trim());
            }
        }
        return parsed;
    }

    /** System property, then environment variable, then agent argument. A class, not a lambda: see AgentWiring. */
    private static final class Layered implements Function<String, String> {
        private final Map<String, String> args;
        private final Map<String, String> env;

        Layered(Map<String, String> args, Map<String, String> env) {
            this.args = args;
            this.env = env;
        }

        @Override
        public String apply(String key) {
            String value = System.getProperty(key);
            if (value == null) {
                value = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return value != null ? value : args.get(key);
        }
    }

    /** Where reports go. */
    public enum Output {
        OTLP, CONSOLE, BOTH;

        public boolean otlp() {
            return this != CONSOLE;
        }

        public boolean console() {
            return this != OTLP;
        }
    }
}
