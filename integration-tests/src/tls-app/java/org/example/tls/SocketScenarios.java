package org.example.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TLS over java.net sockets (SSLSocket), client and server in this JVM on loopback, one scenario per run:
 * {@code java org.example.tls.SocketScenarios <scenario> <keystore.p12> <password>}. Each step the application takes
 * sits in a method of its own, so that the agent's reports can be checked to point at it.
 *
 * <ul>
 *   <li>{@code reset}: an SSLSocket client; the server (TLS layered over the accepted Socket) reads the request and
 *       aborts the TCP connection (SO_LINGER 0, no close_notify): the client's next read meets the RST. A transport
 *       failure under TLS: reported once, at the transport, marked TLS 1.3; the JDK's attempt to send a fatal alert on
 *       the dead socket (EPIPE) and the later "Connection or outbound has closed" are not new failures.</li>
 *   <li>{@code reset-layered}: the same with the client's TLS layered over a connected Socket.</li>
 *   <li>{@code untrusted}: the client does not trust the server's self-signed certificate: it sends certificate_unknown
 *       and fails; the server receives the alert and fails. One TLS failure on each side.</li>
 *   <li>{@code peer-closed-handshake}: the server (plain TCP) reads the ClientHello and closes (FIN): the client's
 *       handshake fails with "Remote host terminated the handshake".</li>
 *   <li>{@code protocol-mismatch}: the server enables TLSv1.2 only, the client TLSv1.3 only: the server sends
 *       protocol_version, the client receives it.</li>
 * </ul>
 */
public final class SocketScenarios {

    static final InetAddress LOOPBACK = loopback();
    private static final int SAFETY_TIMEOUT_MILLIS = 10_000;
    private static final byte[] REQUEST = "ping\n".getBytes(StandardCharsets.US_ASCII);

    private SocketScenarios() {
    }

    /** 127.0.0.1 by address: InetAddress.getLoopbackAddress() carries the name "localhost", which reports would show. */
    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Certificates certificates = Certificates.load(Paths.get(args[1]), args[2].toCharArray());
        switch (args[0]) {
            case "reset":
                reset(certificates, false);
                break;
            case "reset-layered":
                reset(certificates, true);
                break;
            case "untrusted":
                untrusted(certificates);
                break;
            case "peer-closed-handshake":
                peerClosedDuringHandshake(certificates);
                break;
            case "protocol-mismatch":
                protocolMismatch(certificates);
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    private static void reset(Certificates certificates, boolean layeredClient) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            CountDownLatch aborted = new CountDownLatch(1);
            Thread server = serve("abort-server", () -> {
                try (Socket accepted = listener.accept()) {
                    SSLSocket tls = layerServer(certificates, accepted);
                    serverReadsRequest(tls);
                    abort(accepted);
                } finally {
                    aborted.countDown();
                }
            });
            SSLSocket client = layeredClient ? layerClient(certificates, connectPlain(listener))
                    : connectTls(certificates, listener);
            try {
                handshake(client);
                sendRequest(client);
                // The server's close with SO_LINGER 0 sends the RST; reading after it meets it.
                await(aborted);
                readReply(client);
                sendRequest(client);
            } finally {
                closeClient(client);
            }
            server.join(SAFETY_TIMEOUT_MILLIS);
        }
    }

    private static void untrusted(Certificates certificates) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) certificates.server().getServerSocketFactory()
                .createServerSocket(0, 50, LOOPBACK)) {
            Thread server = serve("tls-server", () -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
                    serverHandshake(accepted);
                }
            });
            SSLSocket client = (SSLSocket) Certificates.untrustingClient().getSocketFactory()
                    .createSocket(LOOPBACK, listener.getLocalPort());
            client.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
            try {
                handshake(client);
            } finally {
                closeClient(client);
            }
            server.join(SAFETY_TIMEOUT_MILLIS);
        }
    }

    private static void peerClosedDuringHandshake(Certificates certificates) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, LOOPBACK)) {
            Thread server = serve("plain-server", () -> {
                try (Socket accepted = listener.accept()) {
                    accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
                    readOneRecord(accepted.getInputStream());
                    Observed.ok("server read the ClientHello");
                }
                // closed with nothing unread: a FIN, not an RST
            });
            SSLSocket client = connectTls(certificates, listener);
            try {
                handshake(client);
            } finally {
                closeClient(client);
            }
            server.join(SAFETY_TIMEOUT_MILLIS);
        }
    }

    private static void protocolMismatch(Certificates certificates) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) certificates.server().getServerSocketFactory()
                .createServerSocket(0, 50, LOOPBACK)) {
            listener.setEnabledProtocols(new String[] {"TLSv1.2"});
            Thread server = serve("tls12-server", () -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
                    serverHandshake(accepted);
                }
            });
            SSLSocket client = connectTls(certificates, listener);
            client.setEnabledProtocols(new String[] {"TLSv1.3"});
            try {
                handshake(client);
            } finally {
                closeClient(client);
            }
            server.join(SAFETY_TIMEOUT_MILLIS);
        }
    }

    // ---- client steps

    private static SSLSocket connectTls(Certificates certificates, ServerSocket listener) throws IOException {
        SSLSocket socket = (SSLSocket) certificates.trustingClient().getSocketFactory()
                .createSocket(LOOPBACK, listener.getLocalPort());
        socket.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
        Observed.ok("client connect");
        return socket;
    }

    private static Socket connectPlain(ServerSocket listener) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(LOOPBACK, listener.getLocalPort()), SAFETY_TIMEOUT_MILLIS);
        socket.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
        Observed.ok("client connect");
        return socket;
    }

    private static SSLSocket layerClient(Certificates certificates, Socket plain) throws IOException {
        SSLSocket socket = (SSLSocket) certificates.trustingClient().getSocketFactory()
                .createSocket(plain, LOOPBACK.getHostAddress(), plain.getPort(), true);
        Observed.ok("client layer TLS");
        return socket;
    }

    private static void handshake(SSLSocket client) {
        try {
            client.startHandshake();
            Observed.ok("client handshake " + client.getSession().getProtocol());
        } catch (IOException e) {
            Observed.failed("client handshake", e);
        }
    }

    private static void sendRequest(SSLSocket client) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(REQUEST);
            out.flush();
            Observed.ok("client write");
        } catch (IOException e) {
            Observed.failed("client write", e);
        }
    }

    private static void readReply(SSLSocket client) {
        try {
            int n = client.getInputStream().read(new byte[64]);
            Observed.line("client read -> " + (n < 0 ? "EOF" : n + " bytes"));
        } catch (IOException e) {
            Observed.failed("client read", e);
        }
    }

    private static void closeClient(Socket client) {
        try {
            client.close();
            Observed.ok("client close");
        } catch (IOException e) {
            Observed.failed("client close", e);
        }
    }

    // ---- server steps

    private static SSLSocket layerServer(Certificates certificates, Socket accepted) throws IOException {
        accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
        SSLSocket tls = (SSLSocket) certificates.server().getSocketFactory()
                .createSocket(accepted, LOOPBACK.getHostAddress(), accepted.getPort(), false);
        tls.setUseClientMode(false);
        return tls;
    }

    private static void serverReadsRequest(SSLSocket tls) throws IOException {
        InputStream in = tls.getInputStream();
        int read = 0;
        while (read < REQUEST.length) {
            int n = in.read(new byte[REQUEST.length - read]);
            if (n < 0) {
                throw new IOException("EOF after " + read + " bytes of the request");
            }
            read += n;
        }
        Observed.ok("server read the request");
    }

    /** Closes the TCP connection under TLS with SO_LINGER 0: an RST and no close_notify. */
    private static void abort(Socket accepted) throws IOException {
        accepted.setSoLinger(true, 0);
        accepted.close();
        Observed.ok("server abort");
    }

    private static void serverHandshake(SSLSocket accepted) {
        try {
            accepted.startHandshake();
            Observed.ok("server handshake");
        } catch (IOException e) {
            Observed.failed("server handshake", e);
        }
    }

    /** One TLS record: the 5-byte header (type, version, length), then its body. */
    private static void readOneRecord(InputStream in) throws IOException {
        byte[] header = readFully(in, 5);
        int length = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        readFully(in, length);
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(data, read, length - read);
            if (n < 0) {
                throw new IOException("EOF after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return data;
    }

    // ---- plumbing

    interface Body {
        void run() throws Exception;
    }

    private static Thread serve(String name, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                Observed.failed("server unexpected", e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(SAFETY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the server did not get there in time");
        }
    }
}
