package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.config.AgentConfig;
import io.socketwatch.agent.internal.AgentLog;
import io.socketwatch.agent.trace.ActiveTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Assembles the reporting side: exact counts, the reporter thread, and the outputs the configuration asks for. */
public final class Telemetry {

    private Telemetry() {
    }

    public static FailureReporter create(AgentConfig config, String version) {
        ErrorCounts counts = new ErrorCounts();
        OutputFactory outputs = new OutputFactory(config.output(), counts, version);
        SpanRateLimit rateLimit = new SpanRateLimit(config.spansPerSecond(), config.spansBurst(), System.nanoTime());
        FailureReporter reporter = new FailureReporter(counts, new StackFrames(config.skippedPackages()),
                config.queueCapacity(), rateLimit, outputs, new ActiveTrace());
        outputs.reporter = reporter;
        return reporter;
    }

    /**
     * Creates the outputs on the reporter thread at the first failure, so the SDK costs nothing before. A class,
     * not a lambda: premain runs this code path, and a JVM's first lambda bootstraps LambdaMetafactory.
     */
    private static final class OutputFactory implements Supplier<List<FailureOutput>>, FailureReporterStats {
        private final AgentConfig.Output output;
        private final ErrorCounts counts;
        private final String version;
        private volatile FailureReporter reporter;

        OutputFactory(AgentConfig.Output output, ErrorCounts counts, String version) {
            this.output = output;
            this.counts = counts;
            this.version = version;
        }

        @Override
        public long droppedOverRate() {
            return reporter.droppedOverRate();
        }

        @Override
        public long droppedQueueFull() {
            return reporter.droppedQueueFull();
        }

        @Override
        public List<FailureOutput> get() {
            List<FailureOutput> outputs = new ArrayList<>();
            if (output.otlp()) {
                try {
                    outputs.add(new OtlpOutput(counts, this, version));
                } catch (RuntimeException | LinkageError e) {
                    AgentLog.error("could not start OpenTelemetry export (check the OTEL_* settings); "
                            + "printing socket failures to stderr instead", e);
                    outputs.add(new ConsoleOutput(System.err, counts, this));
                    return outputs;
                }
            }
            if (output.console()) {
                outputs.add(new ConsoleOutput(System.err, counts, this));
            }
            return outputs;
        }
    }
}
