package io.socketwatch.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The rendering must not depend on the JDK release: JDK 11's texts (not installable here) are checked directly. */
class FailuresTest {

    @Test
    void brokenPipeIsTheSameOnEveryRelease() {
        assertEquals("SocketException (broken pipe)",
                Failures.describe(new SocketException("Broken pipe (Write failed)"), false)); // JDK 11 java.net
        assertEquals("SocketException (broken pipe)",
                Failures.describe(new SocketException("Broken pipe"), false)); // JDK 13+ java.net
        assertEquals("IOException (broken pipe)",
                Failures.describe(new IOException("Broken pipe"), false)); // channels, every release
    }

    @Test
    void writeResetIsTheSameOnEveryRelease() {
        assertEquals("SocketException (connection reset)",
                Failures.describe(new SocketException("Connection reset"), false)); // JDK 11 java.net write
        assertEquals("SocketException (connection reset)",
                Failures.describe(new SocketException("Connection reset by peer"), false)); // JDK 13+ java.net write
    }

    @Test
    void channelReadResetOfJdk11IsRenderedAsOnJdk13() {
        assertEquals("SocketException (connection reset)",
                Failures.describe(new IOException("Connection reset by peer"), true)); // JDK 11 SocketChannelImpl
        assertEquals("SocketException (connection reset)",
                Failures.describe(new SocketException("Connection reset"), true)); // JDK 13+
        // Only reads: a channel write that meets ECONNRESET stays an IOException.
        assertEquals("IOException (connection reset)",
                Failures.describe(new IOException("Connection reset by peer"), false));
    }

    @Test
    void refusedAndTimeouts() {
        assertEquals("ConnectException (connection refused)",
                Failures.describe(new ConnectException("Connection refused (Connection refused)"), false)); // JDK 11
        assertEquals("ConnectException (connection refused)",
                Failures.describe(new ConnectException("Connection refused"), false));
        assertEquals("ConnectException (connection refused)",
                Failures.describe(new ConnectException("Connection refused (connect failed)"), false));
        assertEquals("SocketTimeoutException (timed out)",
                Failures.describe(new SocketTimeoutException("Read timed out"), true));
        assertEquals("SocketTimeoutException (timed out)",
                Failures.describe(new SocketTimeoutException(), true)); // JDK 11 socket adaptor
    }

    @Test
    void unknownMessagesAreNotGuessed() {
        assertEquals("SocketException (unrecognised message)",
                Failures.describe(new SocketException("Network is unreachable"), false));
        assertEquals("IOException (no message)", Failures.describe(new IOException(), false));
    }
}
