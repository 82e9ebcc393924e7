package io.socketwatch.bench.failure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A connected java.net.Socket whose peer has reset it: the cheapest real, repeatable socket failure. The peer
 * closes with SO_LINGER 0, so its kernel sends RST; once a read has reported it (ECONNRESET), every write is a real
 * write(2) that fails with EPIPE, which the JDK throws as SocketException "Broken pipe"
 * and the agent classifies (broken_pipe) and reports each time.
 */
public final class ResetSocket {

    private ResetSocket() {
    }

    public static Socket open() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            Socket client = new Socket(loopback, listener.getLocalPort());
            try (Socket accepted = listener.accept()) {
                accepted.setSoLinger(true, 0);
            }
            try {
                // The explicit signal that the RST has arrived: a blocking read returns only when the kernel has
                // processed it (ECONNRESET). tcp_reset() also marks the socket shut down both ways, so every later
                // write fails with EPIPE (net/ipv4/tcp_input.c, tcp_sendmsg's SEND_SHUTDOWN check).
                if (client.getInputStream().read() >= 0) {
                    throw new IllegalStateException("the reset peer sent data");
                }
                throw new IllegalStateException("the reset peer closed with FIN, not RST");
            } catch (SocketException expected) {
                // "Connection reset"
            }
            try {
                client.getOutputStream().write(0);
            } catch (SocketException e) {
                if (isBrokenPipe(e)) {
                    return client;
                }
                client.close();
                throw new IllegalStateException("a write after the reset failed with " + e + ", not Broken pipe", e);
            }
            client.close();
            throw new IllegalStateException("a write after the reset did not fail");
        }
    }

    public static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }
}
