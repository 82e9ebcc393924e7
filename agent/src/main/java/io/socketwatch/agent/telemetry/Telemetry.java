package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.config.AgentConfig;
import io.socketwatch.agent.internal.AgentLog;
import java.util.ArrayList;
import java.util.List;

/** Assembles the reporting side: exact counts, the reporter thread, and the outputs the configuration asks for. */
public final class Telemetry {

    private Telemetry() {
    }

    public static FailureReporter create(AgentConfig config, String version) {
        ErrorCounts counts = new ErrorCounts();
        StackFrames frames = new StackFrames(config.skippedPackages());
        AgentConfig.Output output = config.output();
        FailureReporter[] self = new FailureReporter[1];
        FailureReporter reporter = new FailureReporter(counts, frames, config.queueCapacity(), () -> {
            List<FailureOutput> outputs = new ArrayList<>();
            if (output.otlp()) {
                try {
                    outputs.add(new OtlpOutput(counts, version));
                } catch (RuntimeException | LinkageError e) {
                    AgentLog.error("could not start OpenTelemetry export (check the OTEL_* settings); "
                            + "printing socket failures to stderr instead", e);
                    outputs.add(new ConsoleOutput(System.err, counts, self[0]::dropped));
                    return outputs;
                }
            }
            if (output.console()) {
                outputs.add(new ConsoleOutput(System.err, counts, self[0]::dropped));
            }
            return outputs;
        });
        self[0] = reporter;
        return reporter;
    }
}
