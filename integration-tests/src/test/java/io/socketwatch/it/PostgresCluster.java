package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1, started and stopped by build-support/postgresql.sh (Debian's server
 * package, which the build installs in generate-test-resources: see the script). If the package could not be
 * installed, or the cluster does not start, the test fails with the reason: it never skips.
 */
final class PostgresCluster implements AutoCloseable {

    private final Path script;
    private final Path dataDirectory;
    private final int port;

    private PostgresCluster(Path script, Path dataDirectory, int port) {
        this.script = script;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    static PostgresCluster start() {
        Path script = Paths.get(System.getProperty("socketwatch.postgresql.script", "../build-support/postgresql.sh"))
                .toAbsolutePath().normalize();
        Path status = Paths.get(System.getProperty("socketwatch.postgresql.status",
                "target/postgresql-install.txt")).toAbsolutePath().normalize();
        String installed;
        try {
            installed = Files.readString(status, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError("PostgreSQL: no install status at " + status + " (the build's install-postgresql"
                    + " step writes it; run the integration tests through Maven: `mvn -B verify` from the root)", e);
        }
        if (!installed.startsWith("ok ")) {
            fail("PostgreSQL server not available, so PostgresJdbcIT cannot run: " + installed);
        }
        int port = freePort();
        Path data;
        try {
            // Under the system temp directory: the server runs as the `postgres` user when the build runs as root,
            // and must be able to reach its data directory (the script hands this one to it).
            data = Files.createTempDirectory("socketwatch-pg-");
        } catch (IOException e) {
            throw new AssertionError("cannot create a data directory for PostgreSQL", e);
        }
        PostgresCluster cluster = new PostgresCluster(script, data, port);
        cluster.script("start", data.toString(), Integer.toString(port));
        return cluster;
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
        script("stop", dataDirectory.toString());
    }

    private void script(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("postgresql-sh", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                p.getOutputStream().close();
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in 180 s:\n" + Files.readString(output));
                }
                if (p.exitValue() != 0) {
                    fail(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n"
                            + Files.readString(output));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** A port nothing listens on right now (bound and released; the server takes it moments later). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port on 127.0.0.1", e);
        }
    }
}
