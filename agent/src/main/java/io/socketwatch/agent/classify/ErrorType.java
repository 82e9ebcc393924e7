package io.socketwatch.agent.classify;

/** The {@code error.type} vocabulary. The wire values are a contract: dashboards depend on them (see README). */
public enum ErrorType {
    CONNECTION_RESET("connection_reset"),
    BROKEN_PIPE("broken_pipe"),
    CONNECTION_REFUSED("connection_refused"),
    CONNECTION_ABORTED("connection_aborted"),
    TIMED_OUT("timed_out"),
    CONNECT_TIMEOUT("connect_timeout"),
    READ_TIMEOUT("read_timeout"),
    WRITE_TIMEOUT("write_timeout"),
    HOST_UNREACHABLE("host_unreachable"),
    NETWORK_UNREACHABLE("network_unreachable"),
    SOCKET_CLOSED("socket_closed"),
    ASYNC_CLOSE("async_close"),
    INTERRUPTED("interrupted"),
    TLS("tls"),
    TOO_MANY_OPEN_FILES("too_many_open_files"),
    OTHER("other"),
    RESET_SENT("reset_sent");

    private final String value;

    ErrorType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
