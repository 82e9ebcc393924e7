package io.socketwatch.bench.failure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A connected java.net.Socket whose peer has reset it: the cheapest real, repeatable socket failure. The peer
 * closes with SO_LINGER 0, so its kernel answers with RST; the first write after that fails with ECONNRESET and
 * every later one is a real write(2) that fails with EPIPE, which the JDK throws as SocketException "Broken pipe"
 * and the agent classifies (broken_pipe) and reports each time.
 */
public final class ResetSocket {

    private ResetSocket() {
    }

    public static Socket open() throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            Socket client = new Socket(loopback, listener.getLocalPort());
            try (Socket accepted = listener.accept()) {
                accepted.setSoLinger(true, 0);
            }
            OutputStream out = client.getOutputStream();
            for (int attempt = 0; attempt < 1_000; attempt++) {
                try {
                    out.write(0);
                } catch (SocketException e) {
                    if (isBrokenPipe(e)) {
                        return client;
                    }
                }
                Thread.sleep(1);
            }
            client.close();
            throw new IllegalStateException("writes to a reset socket never failed with Broken pipe");
        }
    }

    public static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }
}
