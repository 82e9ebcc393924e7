package io.socketwatch.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS scenarios' certificate: a self-signed one for 127.0.0.1/localhost in a PKCS12 keystore that the build
 * generates with keytool (build-support/sample-keystore.sh) into the jar. It is throwaway test material made on each
 * machine, never committed. The server presents it; the "trusting" client trusts exactly it; the JDK's default
 * trust store (cacerts) does not.
 */
final class Tls {

    static final String KEYSTORE = "sample-tls.p12";
    private static final char[] PASSWORD = "sample-app".toCharArray();

    private static volatile Tls loaded;

    private final SSLContext server;
    private final SSLContext trustingClient;

    private Tls(SSLContext server, SSLContext trustingClient) {
        this.server = server;
        this.trustingClient = trustingClient;
    }

    static Tls get() throws IOException, GeneralSecurityException {
        Tls tls = loaded;
        if (tls == null) {
            tls = load();
            loaded = tls;
        }
        return tls;
    }

    private static Tls load() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Tls.class.getResourceAsStream(KEYSTORE)) {
            if (in == null) {
                throw new IOException(KEYSTORE + " is missing from the sample app: build it with Maven, which"
                        + " generates it (build-support/sample-keystore.sh)");
            }
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (String alias : Collections.list(keys.aliases())) {
            Certificate certificate = keys.getCertificate(alias);
            if (certificate != null) {
                trusted.setCertificateEntry(alias, certificate);
            }
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
        return new Tls(server, client);
    }

    SSLContext server() {
        return server;
    }

    SSLContext trustingClient() {
        return trustingClient;
    }

    /** TLS in server mode over an accepted socket, which stays open when the TLS socket closes (autoClose false). */
    SSLSocket layerServer(Socket accepted) throws IOException {
        SSLSocket socket = (SSLSocket) server.getSocketFactory()
                .createSocket(accepted, Net.LOOPBACK.getHostAddress(), accepted.getPort(), false);
        socket.setUseClientMode(false);
        return socket;
    }

    /** One handshake step, logged. */
    static void handshake(Log log, SSLSocket socket) {
        try {
            socket.startHandshake();
            log.ok("handshake");
        } catch (IOException e) {
            log.failed("handshake", e);
        }
    }
}
