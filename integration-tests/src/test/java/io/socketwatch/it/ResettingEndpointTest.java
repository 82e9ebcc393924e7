package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResettingEndpointTest {

    @Test
    void aClientReadSeesConnectionReset() throws Exception {
        try (ResettingEndpoint endpoint = ResettingEndpoint.start();
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
            socket.setSoTimeout(10_000);
            // A FIN would give read() == -1; only an RST gives this exception.
            SocketException e = assertThrows(SocketException.class, () -> socket.getInputStream().read());
            assertEquals("Connection reset", e.getMessage());
            assertEquals(1, endpoint.resetConnections());
        }
    }

    @Test
    void anHttpExportToItFails() {
        try (ResettingEndpoint endpoint = ResettingEndpoint.start()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.endpoint() + "/v1/traces"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                    .build();
            assertThrows(IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.discarding()));
            assertTrue(endpoint.resetConnections() >= 1);
        }
    }
}
