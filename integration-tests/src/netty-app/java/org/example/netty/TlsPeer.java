package org.example.netty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A java.net TLS peer on 127.0.0.1 for the Netty TLS clients, on its own thread, serving one connection with the
 * test's self-signed certificate (a PKCS12 keystore the test makes with keytool). The agent sees its side through
 * the JDK's TLS hooks; its own reports name {@link #abort} and {@link #serverHandshake}.
 */
final class TlsPeer implements AutoCloseable {

    private static final int SAFETY_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket listener;
    private final CompletableFuture<String> done = new CompletableFuture<>();
    /** Counted down once the peer has aborted its connection: the RST is on its way. */
    final CountDownLatch aborted = new CountDownLatch(1);

    private TlsPeer(ServerSocket listener, String name, Serving serving) {
        this.listener = listener;
        Thread thread = new Thread(() -> {
            try {
                done.complete(serving.serve(this));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name + "-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    private interface Serving {
        String serve(TlsPeer peer) throws Exception;
    }

    static SSLContext serverContext(Path keystore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        return server;
    }

    /**
     * Accepts a plain TCP connection, layers server TLS over it, completes the handshake, reads the client's request,
     * then aborts the TCP connection (SO_LINGER 0 on the plain socket: an RST, without close_notify).
     */
    static TlsPeer abortingAfterRequest(SSLContext context) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, NettyScenarios.LOOPBACK);
        return new TlsPeer(listener, "tls-abort", peer -> {
            try (Socket accepted = listener.accept()) {
                accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
                SSLSocket tls = (SSLSocket) context.getSocketFactory()
                        .createSocket(accepted, NettyScenarios.LOOPBACK.getHostAddress(), accepted.getPort(), false);
                tls.setUseClientMode(false);
                readRequest(tls);
                abort(accepted);
                return "aborted";
            } finally {
                peer.aborted.countDown();
            }
        });
    }

    /** A TLS server whose handshake the client will fail (it does not trust the certificate). */
    static TlsPeer handshaking(SSLContext context) throws IOException {
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, NettyScenarios.LOOPBACK);
        return new TlsPeer(listener, "tls-server", peer -> {
            try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                accepted.setSoTimeout(SAFETY_TIMEOUT_MILLIS);
                return serverHandshake(accepted);
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Waits until the peer is done with its connection; what it saw, or what went wrong in it. */
    String awaitDone() throws Exception {
        return done.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private static void readRequest(SSLSocket tls) throws IOException {
        byte[] request = tls.getInputStream().readNBytes(NettyScenarios.REQUEST.length);
        if (request.length != NettyScenarios.REQUEST.length) {
            throw new UncheckedIOException(new IOException("short request: " + request.length + " bytes"));
        }
    }

    private static void abort(Socket accepted) throws IOException {
        accepted.setSoLinger(true, 0);
        accepted.close();
    }

    private static String serverHandshake(SSLSocket accepted) {
        try {
            accepted.startHandshake();
            return "server handshake completed";
        } catch (IOException e) {
            return "server handshake failed: " + e;
        }
    }
}
