package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy between a plain client and a plain server, both in this JVM: what each side observes after each
 * command. An RST is told apart from a FIN by what read() does: "Connection reset" versus -1.
 */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ServerSocket target;
    private FaultProxy proxy;
    private Socket client;
    private Socket server;

    @BeforeEach
    void connectThroughTheProxy() throws IOException {
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        target.setSoTimeout(10_000);
        proxy = FaultProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort()));
        client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        client.setSoTimeout(10_000); // a safety net against a hang; no assertion relies on it
        server = target.accept();
        server.setSoTimeout(10_000);
        proxy.awaitConnections(1, WAIT);
    }

    @AfterEach
    void closeEverything() throws IOException {
        client.close();
        server.close();
        proxy.close();
        target.close();
    }

    @Test
    void forwardsBothWaysAndRecordsWhatPassed() throws IOException {
        send(client, "ping");
        assertEquals("ping", receive(server, 4));
        proxy.awaitForwarded(0, FaultProxy.Direction.TO_SERVER, "ping", WAIT);
        send(server, "pong");
        assertEquals("pong", receive(client, 4));
        proxy.awaitForwarded(0, FaultProxy.Direction.TO_CLIENT, "pong", WAIT);
        assertEquals(1, proxy.connections());
    }

    @Test
    void resetTowardsTheClientGivesItConnectionResetAndTheServerAFin() throws IOException {
        proxy.reset(0, FaultProxy.Side.CLIENT);
        SocketException e = assertThrows(SocketException.class, () -> client.getInputStream().read());
        assertEquals("Connection reset", e.getMessage());
        assertEquals(-1, server.getInputStream().read(), "the server side is closed normally");
    }

    @Test
    void resetTowardsTheServerResetsItAndAnswersTheClientsNextDataWithAnRst() throws IOException {
        proxy.resetAll(FaultProxy.Side.SERVER);
        SocketException atServer = assertThrows(SocketException.class, () -> server.getInputStream().read());
        assertEquals("Connection reset", atServer.getMessage());

        send(client, "late query"); // lands in the kernel's buffers: the write itself succeeds
        SocketException atClient = assertThrows(SocketException.class, () -> client.getInputStream().read());
        assertEquals("Connection reset", atClient.getMessage());
    }

    @Test
    void stallHoldsTheBytesUntilResumed() throws IOException {
        proxy.stall();
        send(client, "held");
        // Absence can only be shown over some time: 300 ms without a byte, then the bytes come on resume.
        server.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> server.getInputStream().read());
        server.setSoTimeout(10_000);
        proxy.resume();
        assertEquals("held", receive(server, 4));
    }

    @Test
    void aResetWhileStalledStillReachesTheClient() throws IOException {
        proxy.stall();
        send(client, "held");
        proxy.reset(0, FaultProxy.Side.CLIENT);
        SocketException e = assertThrows(SocketException.class, () -> client.getInputStream().read());
        assertEquals("Connection reset", e.getMessage());
        assertEquals(-1, server.getInputStream().read(), "nothing held was forwarded after the reset");
    }

    @Test
    void halfCloseGivesTheClientEofWhileItsDataStillReachesTheServer() throws IOException {
        proxy.halfClose(0);
        assertEquals(-1, client.getInputStream().read());
        send(client, "still");
        assertEquals("still", receive(server, 5));
        send(server, "dropped");
        send(server, "dropped again");
        proxy.awaitForwarded(0, FaultProxy.Direction.TO_SERVER, "still", WAIT);
        assertEquals(-1, client.getInputStream().read(), "nothing follows the FIN");
    }

    @Test
    void anEndpointsOwnFinIsPassedOnAndTheOtherDirectionStaysOpen() throws IOException {
        server.shutdownOutput();
        assertEquals(-1, client.getInputStream().read(), "FIN passed on");
        send(client, "after");
        assertEquals("after", receive(server, 5));
    }

    @Test
    void anEndpointsOwnResetIsPassedOn() throws IOException {
        server.setSoLinger(true, 0);
        server.close();
        SocketException e = assertThrows(SocketException.class, () -> client.getInputStream().read());
        assertEquals("Connection reset", e.getMessage());
    }

    @Test
    void aRefusingTargetIsAnRstToTheClient() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (FaultProxy refusing = FaultProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                closedPort)); Socket c = new Socket(InetAddress.getLoopbackAddress(), refusing.port())) {
            c.setSoTimeout(10_000);
            SocketException e = assertThrows(SocketException.class, () -> c.getInputStream().read());
            assertEquals("Connection reset", e.getMessage());
            assertEquals(0, refusing.connections());
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String receive(Socket socket, int length) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] bytes = in.readNBytes(length);
        assertEquals(length, bytes.length, "EOF too early");
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
