package io.socketwatch.agent.telemetry;

import io.socketwatch.agent.event.FailureEvent;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The attribute set of one {@code socketwatch.errors} series. Low cardinality by construction: error type,
 * operation, role, transport and the server endpoint (a service, never an ephemeral port or a message).
 */
public final class CounterKey {

    final String errorType;
    final String operation;
    final String role;
    final String serverAddress;
    final long serverPort;

    CounterKey(String errorType, String operation, String role, String serverAddress, long serverPort) {
        this.errorType = errorType;
        this.operation = operation;
        this.role = role;
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
    }

    static CounterKey of(FailureEvent event) {
        InetSocketAddress server = event.server();
        return new CounterKey(event.errorType().value(), event.operation().value(), event.role().value(),
                server == null ? null : Endpoints.serverAddress(server), server == null ? -1 : server.getPort());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CounterKey)) {
            return false;
        }
        CounterKey k = (CounterKey) o;
        return serverPort == k.serverPort && errorType.equals(k.errorType) && operation.equals(k.operation)
                && role.equals(k.role) && Objects.equals(serverAddress, k.serverAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(errorType, operation, role, serverAddress, serverPort);
    }
}
