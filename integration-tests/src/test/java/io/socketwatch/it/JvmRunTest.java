package io.socketwatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** JvmRun on every JDK we test with; for JDK 11 this proves build-support/provision-jdk11.sh worked end to end. */
class JvmRunTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void javaVersionReportsTheExpectedMajorVersion(Jdk jdk) {
        JvmResult result = JvmRun.on(jdk).jvmArgs("-version").timeout(Duration.ofSeconds(60)).run();

        result.assertExitCode(0);
        assertEquals(jdk.major(), Jdk.parseMajorVersion(result.stderr()), result::toString);
    }

    @Test
    void parsesMajorVersionFromEveryVersionStyle() {
        assertEquals(11, Jdk.parseMajorVersion("openjdk version \"11.0.25\" 2024-10-15"));
        assertEquals(17, Jdk.parseMajorVersion("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime"));
        assertEquals(25, Jdk.parseMajorVersion("openjdk version \"25\" 2025-09-16 LTS"));
        assertEquals(25, Jdk.parseMajorVersion("openjdk version \"25.0.1\" 2025-10-21 LTS"));
        assertEquals(21, Jdk.parseMajorVersion("openjdk version \"21-ea\" 2023-09-19"));
        assertEquals(8, Jdk.parseMajorVersion("java version \"1.8.0_402\""));
        assertEquals(-1, Jdk.parseMajorVersion("bash: java: command not found"));
    }

    @Test
    void capturesAllOutputOfBothStreamsTheExitCodeAndTheEnvironment() throws IOException {
        // 2 MiB per stream is far beyond a pipe buffer: without concurrent draining the child would block.
        Path program = write("Chatty.java", """
                public class Chatty {
                    public static void main(String[] args) {
                        String line = "x".repeat(1023);
                        for (int i = 0; i < 2048; i++) {
                            System.out.println(line);
                            System.err.println(line);
                        }
                        System.out.println("env=" + System.getenv("SOCKETWATCH_IT_PROBE")
                                + " tool=" + System.getenv("JAVA_TOOL_OPTIONS") + " arg=" + args[0]);
                        System.exit(3);
                    }
                }
                """);

        JvmResult result = JvmRun.on(Jdk.JDK_17)
                .env("SOCKETWATCH_IT_PROBE", "seen")
                .sourceFile(program, "first arg")
                .timeout(Duration.ofSeconds(60))
                .run();

        result.assertExitCode(3);
        List<String> out = result.stdoutLines();
        assertEquals(2049, out.size(), result::toString);
        assertEquals("env=seen tool=null arg=first arg", out.get(2048));
        assertEquals(2048, result.stderrLines().stream().filter(l -> l.length() == 1023).count(), result::toString);
        assertTrue(result.toString().contains("exit code: 3"), result::toString);
        assertTrue(result.toString().contains("'first arg'"), result::toString);
    }

    @Test
    void killsTheWholeProcessTreeAndFailsWhenTheTimeoutIsExceeded() throws IOException {
        Path program = write("Hang.java", """
                public class Hang {
                    public static void main(String[] args) throws Exception {
                        Process sleeper = new ProcessBuilder("sleep", "300").inheritIO().start();
                        // stderr: the thread dump taken on timeout goes to stdout and would push this out of the tail
                        System.err.println("pid=" + ProcessHandle.current().pid() + " sleeper=" + sleeper.pid());
                        Thread.sleep(300_000);
                    }
                }
                """);

        AssertionError failure = assertThrows(AssertionError.class, () -> JvmRun.on(Jdk.JDK_17)
                .sourceFile(program)
                .timeout(Duration.ofSeconds(5))
                .run());

        String message = failure.getMessage();
        assertTrue(message.contains("did not exit within 5000 ms"), message);
        Matcher pids = Pattern.compile("pid=(\\d+) sleeper=(\\d+)").matcher(message);
        assertTrue(pids.find(), message);
        assertFalse(isAlive(Long.parseLong(pids.group(1))), "the JVM survived\n" + message);
        assertFalse(isAlive(Long.parseLong(pids.group(2))), "its child process survived\n" + message);
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private Path write(String name, String source) throws IOException {
        return Files.writeString(dir.resolve(name), source);
    }
}
