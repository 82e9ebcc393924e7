package io.socketwatch.agent.classify;

import io.socketwatch.agent.bootstrap.Bridge;

/** {@code socketwatch.operation}: what the application was doing when the socket failed. */
public enum Operation {
    CONNECT("connect"),
    ACCEPT("accept"),
    READ("read"),
    WRITE("write"),
    CLOSE("close"),
    /** A TLS handshake (explicit, or started by the first read, write or getSession of a TLS connection). */
    HANDSHAKE("handshake");

    private final String value;

    Operation(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Maps the bridge's operation codes, which must stay JDK-only ints on the bootstrap side. */
    public static Operation fromBridgeCode(int code) {
        switch (code) {
            case Bridge.CONNECT: return CONNECT;
            case Bridge.ACCEPT: return ACCEPT;
            case Bridge.READ: return READ;
            case Bridge.WRITE: return WRITE;
            case Bridge.CLOSE: return CLOSE;
            default: throw new IllegalArgumentException("unknown operation code " + code);
        }
    }
}
