package io.socketwatch.bench.startup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A hello world that uses a socket once: it opens a loopback listener, connects to it, sends a byte each way and
 * closes both ends cleanly. With the agent, this first use of java.net.Socket is what makes the JVM load, and the
 * agent weave, the JDK's socket implementation, a cost a program that never opens a socket does not pay.
 */
public final class HelloSocket {

    private HelloSocket() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
             Socket client = new Socket(loopback, listener.getLocalPort());
             Socket accepted = listener.accept()) {
            client.getOutputStream().write('h');
            accepted.getOutputStream().write(accepted.getInputStream().read());
            if (client.getInputStream().read() != 'h') {
                throw new IllegalStateException("no echo");
            }
        }
        System.out.println("Hello, socket");
        ExitReport.print();
    }
}
