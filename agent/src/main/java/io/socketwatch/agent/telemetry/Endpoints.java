package io.socketwatch.agent.telemetry;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Endpoint text as the semantic conventions want it: addresses without any reverse DNS lookup. */
final class Endpoints {

    private Endpoints() {
    }

    /** The IP address text; InetAddress.getHostAddress never resolves. */
    static String address(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        return address != null ? address.getHostAddress() : endpoint.getHostString();
    }

    /** server.address: the name the application connected to if it used one (getHostString never resolves). */
    static String serverAddress(InetSocketAddress endpoint) {
        return endpoint.getHostString();
    }

    static String networkType(InetSocketAddress endpoint) {
        return endpoint.getAddress() instanceof Inet6Address ? "ipv6" : "ipv4";
    }

    static String describe(InetSocketAddress endpoint) {
        if (endpoint == null) {
            return "?";
        }
        String address = address(endpoint);
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + endpoint.getPort();
    }
}
