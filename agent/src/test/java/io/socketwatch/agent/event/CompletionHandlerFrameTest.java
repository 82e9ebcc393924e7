package io.socketwatch.agent.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame that stands for "the application code that got it" when a completion handler gets a failure. */
class CompletionHandlerFrameTest {

    /** A handler as applications write them: generic, so javac adds a bridge failed(Throwable, Object). */
    static final class ReadHandler implements CompletionHandler<Integer, String> {
        String seen;

        @Override
        public void completed(Integer result, String attachment) {
            seen = "completed";
        }

        @Override
        public void failed(Throwable exc, String attachment) {
            seen = "failed"; // marker: first line of failed
        }
    }

    /** A handler whose failed method is inherited. */
    static final class SubHandler extends AbstractHandler {
    }

    abstract static class AbstractHandler implements CompletionHandler<Void, Object> {
        @Override
        public void completed(Void result, Object attachment) {
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            exc.getMessage(); // marker: first line of inherited failed
        }
    }

    @Test
    void namesTheHandlersOwnFailedMethodWithItsFileAndFirstLine() throws Exception {
        StackTraceElement frame = CompletionHandlerFrame.callSite(new ReadHandler()).getStackTrace()[0];
        assertEquals(ReadHandler.class.getName(), frame.getClassName());
        assertEquals("failed", frame.getMethodName());
        assertEquals("CompletionHandlerFrameTest.java", frame.getFileName());
        assertEquals(lineOf("// marker: first line of failed"), frame.getLineNumber());
    }

    @Test
    void findsAnInheritedFailedMethod() throws Exception {
        StackTraceElement frame = CompletionHandlerFrame.callSite(new SubHandler()).getStackTrace()[0];
        assertEquals(AbstractHandler.class.getName(), frame.getClassName());
        assertEquals(lineOf("// marker: first line of inherited failed"), frame.getLineNumber());
    }

    private static int lineOf(String marker) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get(
                "src/test/java/io/socketwatch/agent/event/CompletionHandlerFrameTest.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(marker)) {
                return i + 1;
            }
        }
        throw new AssertionError(marker);
    }
}
