package io.socketwatch.agent.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.classify.ErrorType;
import io.socketwatch.agent.classify.Operation;
import io.socketwatch.agent.classify.Role;
import io.socketwatch.agent.ledger.ConnectionLedger;
import io.socketwatch.agent.testing.Gc;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two moments of an asynchronous failure: where the JDK hands it over (on the calling thread, or later on the
 * channel group's thread) and where the application gets it (its handler runs, its Future.get throws). Each failure
 * is reported exactly once, with the application frame of the moment the application was involved.
 */
class AsyncFailureReportingTest {

    private final List<FailureEvent> reported = new ArrayList<>();
    private final SocketEventHandler handler = new SocketEventHandler(new ConnectionLedger(100), reported::add);
    private AsynchronousSocketChannel channel;

    static final class Handler implements CompletionHandler<Integer, Object> {
        @Override
        public void completed(Integer result, Object attachment) {
        }

        @Override
        public void failed(Throwable exc, Object attachment) {
            exc.getMessage();
        }
    }

    @BeforeEach
    void open() throws IOException {
        channel = AsynchronousSocketChannel.open();
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    @Test
    void aFailureFoundOnTheCallingThreadIsReportedAtOnceWithItsOwnStack() {
        IOException reset = new IOException("Connection reset");
        handler.asyncFailed(Bridge.READ, channel, reset, false);
        assertEquals(1, reported.size());
        assertEquals(ErrorType.CONNECTION_RESET, reported.get(0).errorType());
        assertSame(reset, reported.get(0).callSite());
        // The handler runs afterwards with the same failure: not a second report.
        handler.asyncFailureCollected(reset, new Handler(), null);
        assertEquals(1, reported.size());
    }

    @Test
    void aFailureFoundLaterWaitsForTheHandlerAndPointsAtItsFailedMethod() {
        InterruptedByTimeoutException timeout = new InterruptedByTimeoutException();
        handler.asyncFailed(Bridge.WRITE, channel, timeout, true);
        assertEquals(List.of(), reported);
        handler.asyncFailureCollected(timeout, new Handler(), null);
        assertEquals(1, reported.size());
        FailureEvent event = reported.get(0);
        assertEquals(ErrorType.WRITE_TIMEOUT, event.errorType());
        assertEquals(Operation.WRITE, event.operation());
        assertSame(timeout, event.failure());
        StackTraceElement frame = event.callSite().getStackTrace()[0];
        assertEquals(Handler.class.getName() + ".failed", frame.getClassName() + "." + frame.getMethodName());
        handler.asyncFailureCollected(timeout, new Handler(), null);
        assertEquals(1, reported.size(), "collected once");
    }

    @Test
    void aFailureFoundLaterThroughAFuturePointsAtTheGetThatThrewIt() {
        IOException refused = new java.net.ConnectException("Connection refused");
        handler.asyncFailed(Bridge.CONNECT, channel, refused, true);
        ExecutionException thrown = new ExecutionException(refused);
        handler.asyncFailureCollected(refused, null, thrown);
        assertEquals(1, reported.size());
        assertEquals(ErrorType.CONNECTION_REFUSED, reported.get(0).errorType());
        assertEquals(Role.CLIENT, reported.get(0).role());
        assertSame(thrown, reported.get(0).callSite());
        handler.asyncFailureCollected(refused, null, new ExecutionException(refused));
        assertEquals(1, reported.size(), "a second get() is not a second failure");
    }

    @Test
    void aFutureWrapsAFailureThatIsNotAnIoException() {
        RuntimeException odd = new IllegalStateException("odd");
        handler.asyncFailed(Bridge.READ, channel, odd, true);
        IOException wrapped = new IOException(odd); // PendingFuture.setFailure
        handler.asyncFailureCollected(wrapped, null, new ExecutionException(wrapped));
        assertEquals(1, reported.size());
        assertSame(odd, reported.get(0).failure());
    }

    @Test
    void aFailureNobodyCollectsIsNotKeptAlive() {
        java.lang.ref.WeakReference<Throwable> uncollected = parkOne();
        Gc.untilCleared(uncollected);
        assertEquals(null, uncollected.get(), "the parked failure must not hold itself alive");
        assertEquals(List.of(), reported);
    }

    private java.lang.ref.WeakReference<Throwable> parkOne() {
        IOException reset = new IOException("Connection reset");
        handler.asyncFailed(Bridge.READ, channel, reset, true);
        return new java.lang.ref.WeakReference<>(reset);
    }

    @Test
    void closingOwnAsyncListenerIsNotReported() throws IOException {
        try (AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open()) {
            AsynchronousCloseException closed = new AsynchronousCloseException();
            handler.asyncFailed(Bridge.ACCEPT, listener, closed, true);
            handler.asyncFailureCollected(closed, new Handler(), null);
            assertEquals(List.of(), reported);
        }
    }
}
