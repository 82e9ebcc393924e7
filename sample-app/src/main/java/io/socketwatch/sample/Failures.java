package io.socketwatch.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * Renders a failure as {@code <Type> (<label>)}, identical on JDK 11, 17 and 25.
 *
 * <p>Messages are not printed: they differ between releases ("Broken pipe (Write failed)" on 11, "Broken pipe" on 13+;
 * a write that hits ECONNRESET says "Connection reset" on 11 and "Connection reset by peer" on 13+). The label names
 * the condition instead. Apart from the fixed JDK texts ("Connection reset", "Read timed out"), the messages are
 * strerror() texts, which follow the process locale: the labels below assume an English or C locale.
 */
final class Failures {

    static final String CONNECTION_RESET = "connection reset";
    static final String BROKEN_PIPE = "broken pipe";
    static final String CONNECTION_REFUSED = "connection refused";
    static final String TIMED_OUT = "timed out";

    private Failures() {
    }

    /**
     * @param read whether the failing operation was a read; needed for the one type that depends on the JDK release
     */
    static String describe(Throwable failure, boolean read) {
        String label = label(failure);
        String type = failure.getClass().getSimpleName();
        // JDK 11's SocketChannelImpl reads through FileDispatcherImpl.read0, which reports ECONNRESET as a plain
        // IOException("Connection reset by peer"); from JDK 13 SocketDispatcher.read0 maps the same errno to
        // SocketException("Connection reset") (as java.net.Socket always did). Render the 13+ type for that one case.
        if (read && failure.getClass() == IOException.class && label.equals(CONNECTION_RESET)) {
            type = "SocketException";
        }
        return type + " (" + label + ")";
    }

    /**
     * The JDK's TLS texts (sun.security.ssl, not localised): a certificate the trust store does not lead to ("PKIX path
     * building failed: ... unable to find valid certification path"), and "Received fatal alert: <alert>" (JDK 25
     * prefixes both with "(<alert>) ").
     */
    private static String tlsLabel(String message) {
        if (message.contains("unable to find valid certification path")) {
            return "untrusted certificate";
        }
        // JDK 25 prefixes the alert's name: "(certificate_unknown) Received fatal alert: certificate_unknown".
        String received = "Received fatal alert: ";
        int at = message.indexOf(received);
        if (at == 0 || at > 0 && message.startsWith("(")) {
            return "alert " + message.substring(at + received.length()) + " received";
        }
        return "unrecognised message";
    }

    static String label(Throwable failure) {
        if (failure instanceof SocketTimeoutException) {
            // The socket adaptor of JDK 11 throws it without a message; the type alone says it.
            return TIMED_OUT;
        }
        if (failure instanceof AsynchronousCloseException) {
            return "closed by another thread";
        }
        if (failure instanceof ClosedChannelException) {
            return "channel closed";
        }
        String message = failure.getMessage();
        if (message == null) {
            return "no message";
        }
        if (failure instanceof javax.net.ssl.SSLException) {
            return tlsLabel(message);
        }
        // The JDK HttpClient's text (jdk.internal.net.http.Http1Response) when a connection ends before any byte of
        // the response, whether by EOF or by a reset on its selector thread.
        if (message.equals("HTTP/1.1 header parser received no bytes")) {
            return "no response";
        }
        // "Connection reset" is the JDK's fixed text for ECONNRESET/EPIPE on read (and for ECONNRESET on a JDK 11
        // java.net.Socket write); "Connection reset by peer" is strerror(ECONNRESET), seen on writes since JDK 13.
        if (message.equals("Connection reset") || message.startsWith("Connection reset by peer")) {
            return CONNECTION_RESET;
        }
        // strerror(EPIPE); JDK 11's java.net.Socket appends " (Write failed)".
        if (message.startsWith("Broken pipe")) {
            return BROKEN_PIPE;
        }
        // strerror(ECONNREFUSED); JDK 11 appends " (Connection refused)", newer builds may append " (connect failed)".
        if (failure instanceof ConnectException && message.startsWith("Connection refused")) {
            return CONNECTION_REFUSED;
        }
        if (message.equals("Socket closed") || message.equals("Socket is closed")) {
            return "socket closed";
        }
        return "unrecognised message";
    }
}
