package org.example.reactor;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;

/**
 * reactor-netty's HttpClient (with its default connection pool and, on Linux, Netty's native epoll transport, a
 * dependency of reactor-netty-http) against loopback peers that reset, refuse and half-close. Retries are disabled:
 * reactor-netty retries some requests on a fresh connection once, which would make the number of connections, and
 * so of failures, depend on timing. Prints "scenario NAME port PORT: OUTCOME" lines like NettyScenarios.
 */
public final class ReactorNettyScenarios {

    /** 127.0.0.1 without a host name, so that reports say server.address 127.0.0.1 (a name would be kept). */
    static final InetAddress LOOPBACK = loopback();

    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.create().disableRetry(true).responseTimeout(Duration.ofSeconds(30));
        try {
            peerResets(client);
            refused(client);
            peerHalfCloses(client);
        } finally {
            HttpResources.disposeLoopsAndConnections();
        }
    }

    /** The peer reads the request and aborts (SO_LINGER 0) instead of answering. */
    private static void peerResets(HttpClient client) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> serve(listener, true));
            String outcome = get(client, listener.getLocalPort());
            peer.get(30, TimeUnit.SECONDS);
            print("peer-resets", listener.getLocalPort(), outcome);
        }
    }

    private static void refused(HttpClient client) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, LOOPBACK)) {
            port = closed.getLocalPort();
        }
        print("refused", port, get(client, port));
    }

    /** The peer reads the request and half-closes (FIN) without answering: the response ends before it began. */
    private static void peerHalfCloses(HttpClient client) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> serve(listener, false));
            String outcome = get(client, listener.getLocalPort());
            peer.get(30, TimeUnit.SECONDS);
            print("peer-half-closes", listener.getLocalPort(), outcome);
        }
    }

    /** Where the application makes its request (and so where reactor-netty creates the connection). */
    private static String get(HttpClient client, int port) {
        try {
            String body = client.get().uri("http://127.0.0.1:" + port + "/orders").responseContent().aggregate()
                    .asString().block(Duration.ofSeconds(30));
            return "response " + body;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null && e.getClass().getName().startsWith("reactor.core.Exceptions")
                    ? e.getCause() : e;
            return cause.getClass().getName() + ": " + cause.getMessage();
        }
    }

    private static void serve(ServerSocket listener, boolean reset) {
        try (Socket socket = listener.accept()) {
            readRequestHead(socket.getInputStream());
            if (reset) {
                socket.setSoLinger(true, 0);
                socket.close();
                return;
            }
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // until the client closes its side
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads up to the blank line that ends an HTTP/1.1 request head (a GET has no body). */
    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static void print(String scenario, int port, String outcome) {
        System.out.println("scenario " + scenario + " port " + port + ": " + outcome);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
