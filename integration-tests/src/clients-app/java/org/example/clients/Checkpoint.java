package org.example.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An explicit signal between this program and the test that runs it (its Checkpoints class): connect to the
 * test's port, say which checkpoint was reached, and block until the test has done its part (it answers one byte).
 * A clean exchange on a healthy loopback connection: nothing the agent reports.
 */
final class Checkpoint {

    private Checkpoint() {
    }

    static void reach(int port, String name) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (socket.getInputStream().read() != 1) {
                throw new IOException("the test did not release checkpoint " + name);
            }
        }
    }
}
