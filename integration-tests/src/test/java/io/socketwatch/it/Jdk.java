package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDKs the agent is tested on. Each home comes from a system property set by surefire (integration-tests/pom.xml),
 * with the same default when a test runs outside Maven. A JDK that is missing, not runnable, or of the wrong major
 * version fails the test with a message that says where to look: these tests never skip.
 */
public enum Jdk {
    JDK_11(11, "socketwatch.jdk11.home", System.getProperty("user.home") + "/.cache/socketwatch/jdk11",
            "the build provisions it with build-support/provision-jdk11.sh (exec-maven-plugin, generate-test-resources"
                    + " phase of integration-tests); see its output in the Maven log"),
    JDK_17(17, "socketwatch.jdk17.home", "/usr/lib/jvm/java-17-openjdk-amd64",
            "it is Maven's own JDK on the standard machine; override with -Dsocketwatch.jdk17.home=<home>"),
    JDK_25(25, "socketwatch.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64",
            "it is the machine's Temurin JDK; override with -Dsocketwatch.jdk25.home=<home>");

    private static final Pattern VERSION_LINE = Pattern.compile("version \"(?:1\\.)?(\\d+)[^\"]*\"");

    private final int major;
    private final String homeProperty;
    private final String defaultHome;
    private final String howToGetIt;
    private volatile boolean verified;

    Jdk(int major, String homeProperty, String defaultHome, String howToGetIt) {
        this.major = major;
        this.homeProperty = homeProperty;
        this.defaultHome = defaultHome;
        this.howToGetIt = howToGetIt;
    }

    public int major() {
        return major;
    }

    public Path home() {
        return Paths.get(System.getProperty(homeProperty, defaultHome)).toAbsolutePath().normalize();
    }

    /**
     * The {@code bin/java} of this JDK, checked once per test JVM by running {@code java -version}: it must exist,
     * run, and report this major version. Fails the calling test otherwise.
     */
    public Path javaBinary() {
        Path java = home().resolve("bin").resolve("java");
        if (!verified) {
            verify(java);
            verified = true;
        }
        return java;
    }

    /** The major version in {@code java -version} output ({@code openjdk version "11.0.25"} gives 11), or -1. */
    public static int parseMajorVersion(String versionOutput) {
        Matcher m = VERSION_LINE.matcher(versionOutput);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private void verify(Path java) {
        if (!Files.isRegularFile(java)) {
            fail(problem("not found at " + home() + " (no " + java + ")"));
        }
        if (!Files.isExecutable(java)) {
            fail(problem("at " + home() + " is not runnable: " + java + " is not executable"));
        }
        String output;
        int exit;
        Path outputFile = null;
        try {
            outputFile = Files.createTempFile("java-version", ".txt");
            Process p = new ProcessBuilder(java.toString(), "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(problem("at " + home() + " is not runnable: `" + java + " -version` did not finish in 60 s"));
            }
            exit = p.exitValue();
            output = Files.readString(outputFile, Charset.defaultCharset());
        } catch (IOException e) {
            throw new AssertionError(problem("at " + home() + " is not runnable: `" + java + " -version` failed to"
                    + " start: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + java + " -version", e);
        } finally {
            deleteQuietly(outputFile);
        }
        if (exit != 0) {
            fail(problem("at " + home() + " is not runnable: `" + java + " -version` exited with " + exit + ":\n"
                    + output));
        }
        int found = parseMajorVersion(output);
        if (found != major) {
            fail(problem("expected at " + home() + ", but `" + java + " -version` reports major version " + found
                    + ":\n" + output));
        }
    }

    private String problem(String what) {
        return "JDK " + major + " " + what + "\n" + howToGetIt + " (home from system property " + homeProperty + ")";
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
