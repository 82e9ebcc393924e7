package io.socketwatch.agent.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The attributes of a failure span's "exception" event (exception.type, exception.message, exception.stacktrace,
 * as Span.recordException sets them), remembered per distinct exception so that a storm of failures from one
 * call site renders its stack trace once. Rendering is the reporter's biggest cost: StackTraceElement.toString for
 * every frame was 60% of the reporter thread's work per failure on a 115-frame stack (JFR profile of
 * ReporterCost), and the cost grows with the depth of the application's stack; looking up a rendered trace costs a
 * hash and an equals over the frames, whose strings the JVM shares between exceptions.
 *
 * <p>Only exceptions without a cause or suppressed exceptions are remembered (the JDK's I/O exceptions, the
 * common case): their text is their toString() and one "\tat frame" line per frame, exactly what
 * Throwable.printStackTrace writes. For the others, {@link #of} returns null and the SDK renders them.
 */
final class ExceptionAttributes {

    static final String EVENT = "exception";
    static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
    static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

    /** Distinct exceptions remembered: each holds at most {@code maxLength} characters of stack trace. */
    static final int CAPACITY = 64;

    private final int maxLength;
    private final Map<Key, Attributes> rendered = new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Attributes> eldest) {
            return size() > CAPACITY;
        }
    };

    /** @param maxLength the span attribute value length limit; the text is cut there, as the SDK would cut it */
    ExceptionAttributes(int maxLength) {
        this.maxLength = maxLength;
    }

    /** The exception event's attributes for {@code failure}, or null if it has a cause or suppressed exceptions. */
    Attributes of(Throwable failure) {
        if (failure.getCause() != null || failure.getSuppressed().length > 0) {
            return null;
        }
        Key key = new Key(failure.getClass(), failure.getMessage(), failure.getStackTrace());
        synchronized (rendered) {
            Attributes attributes = rendered.get(key);
            if (attributes == null) {
                attributes = render(failure, key.frames);
                rendered.put(key, attributes);
            }
            return attributes;
        }
    }

    int size() {
        synchronized (rendered) {
            return rendered.size();
        }
    }

    private Attributes render(Throwable failure, StackTraceElement[] frames) {
        String newLine = System.lineSeparator();
        StringBuilder text = new StringBuilder(failure.toString()).append(newLine);
        for (int i = 0; i < frames.length && text.length() < maxLength; i++) {
            text.append("\tat ").append(frames[i]).append(newLine);
        }
        AttributesBuilder attributes = Attributes.builder()
                .put(TYPE, failure.getClass().getName())
                .put(STACKTRACE, text.length() > maxLength ? text.substring(0, maxLength) : text.toString());
        if (failure.getMessage() != null) {
            attributes.put(MESSAGE, failure.getMessage());
        }
        return attributes.build();
    }

    private static final class Key {
        final Class<?> type;
        final String message;
        final StackTraceElement[] frames;
        private final int hash;

        Key(Class<?> type, String message, StackTraceElement[] frames) {
            this.type = type;
            this.message = message;
            this.frames = frames;
            this.hash = (type.hashCode() * 31 + (message == null ? 0 : message.hashCode())) * 31
                    + Arrays.hashCode(frames);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Key)) {
                return false;
            }
            Key that = (Key) other;
            return type == that.type && hash == that.hash && Objects.equals(message, that.message)
                    && Arrays.equals(frames, that.frames);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
