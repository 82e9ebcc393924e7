package io.socketwatch.agent.classify;

/** {@code socketwatch.role}: whether this process opened the connection or accepted it. */
public enum Role {
    CLIENT("client"),
    SERVER("server"),
    /** The connection existed before the agent was attached (late attach), so nobody saw it open. */
    UNKNOWN("unknown");

    private final String value;

    Role(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
