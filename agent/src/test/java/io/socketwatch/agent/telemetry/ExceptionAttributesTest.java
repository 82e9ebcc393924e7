package io.socketwatch.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExceptionAttributesTest {

    private static final int NO_LIMIT = Integer.MAX_VALUE;

    /** Exceptions thrown from one place: same class, message and frames, distinct instances. */
    private static SocketException brokenPipe() {
        return new SocketException("Broken pipe");
    }

    static Stream<Arguments> simpleExceptions() {
        return Stream.of(
                Arguments.of(new SocketException("Connection reset")),
                Arguments.of(new java.net.SocketTimeoutException("Read timed out")),
                Arguments.of(new IOException()), // no message: no exception.message, as the SDK does
                Arguments.of(new java.net.ConnectException("Connection refused")));
    }

    @ParameterizedTest
    @MethodSource("simpleExceptions")
    void theTextIsWhatPrintStackTraceWrites(Throwable failure) {
        Attributes attributes = new ExceptionAttributes(NO_LIMIT).of(failure);
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        assertEquals(printed.toString(), attributes.get(ExceptionAttributes.STACKTRACE));
        assertEquals(failure.getClass().getName(), attributes.get(ExceptionAttributes.TYPE));
        assertEquals(failure.getMessage(), attributes.get(ExceptionAttributes.MESSAGE));
    }

    @Test
    void oneRenderingServesEveryFailureFromTheSameSite() {
        ExceptionAttributes exceptions = new ExceptionAttributes(NO_LIMIT);
        Attributes[] seen = new Attributes[3];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = exceptions.of(brokenPipe()); // three exceptions, one site
        }
        assertSame(seen[0], seen[1]);
        assertSame(seen[0], seen[2]);
        assertEquals(1, exceptions.size());
    }

    @Test
    void aDifferentMessageOrSiteIsRenderedAfresh() {
        ExceptionAttributes exceptions = new ExceptionAttributes(NO_LIMIT);
        Attributes pipe = exceptions.of(brokenPipe());
        Attributes reset = exceptions.of(new SocketException("Connection reset"));
        Attributes otherSite = exceptions.of(new SocketException("Broken pipe"));
        assertEquals("java.net.SocketException: Connection reset",
                reset.get(ExceptionAttributes.STACKTRACE).lines().findFirst().orElseThrow());
        assertEquals(3, exceptions.size());
        assertEquals(pipe.get(ExceptionAttributes.MESSAGE), otherSite.get(ExceptionAttributes.MESSAGE));
    }

    @Test
    void exceptionsWithACauseOrSuppressedOnesAreLeftToTheSdk() {
        ExceptionAttributes exceptions = new ExceptionAttributes(NO_LIMIT);
        assertNull(exceptions.of(new javax.net.ssl.SSLException("handshake", new SocketException("reset"))));
        IOException withSuppressed = new IOException("close");
        withSuppressed.addSuppressed(new IOException("flush"));
        assertNull(exceptions.of(withSuppressed));
        assertEquals(0, exceptions.size());
    }

    @Test
    void theTextIsCutAtTheAttributeLengthLimit() {
        Attributes attributes = new ExceptionAttributes(40).of(brokenPipe());
        String text = attributes.get(ExceptionAttributes.STACKTRACE);
        assertEquals(40, text.length());
        StringWriter printed = new StringWriter();
        brokenPipe().printStackTrace(new PrintWriter(printed));
        assertEquals(printed.toString().substring(0, 40), text);
    }

    @Test
    void atMostCapacityExceptionsAreRemembered() {
        ExceptionAttributes exceptions = new ExceptionAttributes(NO_LIMIT);
        for (int i = 0; i < ExceptionAttributes.CAPACITY * 3; i++) {
            exceptions.of(new SocketException("failure " + i));
        }
        assertEquals(ExceptionAttributes.CAPACITY, exceptions.size());
    }
}
