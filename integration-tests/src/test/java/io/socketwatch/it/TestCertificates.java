package io.socketwatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The self-signed certificate of the TLS tests, made at run time by the JDK's own keytool (nothing secret is
 * committed): a PKCS12 keystore with an EC P-256 key for CN=localhost, SAN ip:127.0.0.1 and dns:localhost (the JDK
 * HttpClient checks the host name against it), valid for two days. Made once per test JVM.
 */
final class TestCertificates {

    /** A throwaway password for a throwaway keystore under target/. */
    static final String PASSWORD = "socketwatch";

    private static volatile Path keystore;

    private TestCertificates() {
    }

    static Path keystore() {
        Path made = keystore;
        if (made == null) {
            synchronized (TestCertificates.class) {
                made = keystore;
                if (made == null) {
                    made = generate(Paths.get(System.getProperty("socketwatch.tls-app.keystore",
                            "target/tls-app/server.p12")).toAbsolutePath().normalize());
                    keystore = made;
                }
            }
        }
        return made;
    }

    private static Path generate(Path file) {
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(file)) {
                throw new AssertionError("keytool could not make the test keystore: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new AssertionError("keytool could not make the test keystore: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while making the test keystore", e);
        }
        return file;
    }
}
