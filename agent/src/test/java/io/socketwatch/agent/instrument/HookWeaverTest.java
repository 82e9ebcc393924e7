package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.SocketEvents;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Weaves {@link WovenTarget} as the agent weaves JDK classes, loads it (the JVM verifies the woven bytecode) and
 * checks each hook shape: the bridge hears what happened, and the caller sees exactly what it would without hooks.
 */
class HookWeaverTest {

    private final List<String> heard = new ArrayList<>();
    private Object target;
    private Class<?> type;

    @BeforeEach
    void weaveAndLoad() throws Exception {
        Map<String, HookKind> hooks = Map.ofEntries(
                Map.entry("read([BII)", HookKind.FAILED_READ),
                Map.entry("write([BII)", HookKind.FAILED_WRITE),
                Map.entry("connect(Ljava/net/SocketAddress;I)", HookKind.CONNECT),
                Map.entry("connect(Ljava/net/SocketAddress;)", HookKind.CHANNEL_CONNECT),
                Map.entry("finishConnect()", HookKind.FINISH_CONNECT),
                Map.entry("accept(Ljava/net/SocketImpl;)", HookKind.IMPL_ACCEPT),
                Map.entry("accept()", HookKind.CHANNEL_ACCEPT),
                Map.entry("close()", HookKind.CLOSE),
                Map.entry("blockingRead([BIIJ)", HookKind.FAILED_READ),
                Map.entry("read([Ljava/nio/ByteBuffer;II)", HookKind.FAILED_READ),
                Map.entry("blockingWriteFully([BII)", HookKind.FAILED_WRITE),
                Map.entry("setOption(ILjava/lang/Object;)", HookKind.IMPL_OPTION_SET),
                Map.entry("setOption(Ljava/net/SocketOption;Ljava/lang/Object;)", HookKind.OPTION_SET));
        byte[] original;
        try (InputStream in = WovenTarget.class.getResourceAsStream("WovenTarget.class")) {
            original = in.readAllBytes();
        }
        HookWeaver.Woven result = HookWeaver.weave(original, hooks);
        assertEquals(hooks.size(), result.methods.size(), "woven: " + result.methods);
        byte[] woven = result.classFile;
        type = new ClassLoader(HookWeaverTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(WovenTarget.class.getName(), woven, 0, woven.length);
            }
        }.define();
        target = type.getConstructor().newInstance();
        Bridge.install(new Recorder());
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    @Test
    void aHealthyReadReturnsItsValueAndReportsOnlyItsCount() throws Exception {
        assertEquals(3, call("read", new Class<?>[] {byte[].class, int.class, int.class}, new byte[3], 0, 3));
        assertEquals(List.of("read 3"), heard);
    }

    @Test
    void longCountsAndEndOfStreamReachTheBridgeUnchanged() throws Exception {
        Class<?>[] scattering = {java.nio.ByteBuffer[].class, int.class, int.class};
        assertEquals(5_000_000_000L, call("read", scattering, new java.nio.ByteBuffer[0], 0, 0));
        type.getField("endOfStream").set(target, true);
        assertEquals(-1L, call("read", scattering, new java.nio.ByteBuffer[0], 0, 0));
        assertEquals(List.of("read 5000000000", "read -1"), heard);
    }

    @Test
    void aVoidWriteReportsItsLengthParameterAndAFailedOneOnlyItsFailure() throws Exception {
        Class<?>[] parameters = {byte[].class, int.class, int.class};
        call("blockingWriteFully", parameters, new byte[10], 2, 7);
        assertEquals(List.of("wrote 7"), heard);
        Throwable reset = WovenTarget.reset();
        fail(reset);
        assertThrows(InvocationTargetException.class, () -> call("blockingWriteFully", parameters, new byte[10], 2, 7));
        assertEquals(List.of("wrote 7", "failed " + Bridge.WRITE + " " + reset), heard);
    }

    @Test
    void aFailedReadIsReportedAndTheSameExceptionReachesTheCaller() throws Exception {
        Throwable reset = WovenTarget.reset();
        fail(reset);
        Throwable thrown = assertThrows(InvocationTargetException.class, () ->
                call("read", new Class<?>[] {byte[].class, int.class, int.class}, new byte[3], 0, 3)).getCause();
        assertSame(reset, thrown);
        assertEquals(List.of("failed " + Bridge.READ + " " + reset), heard);
    }

    @Test
    void anExceptionTheMethodHandlesItselfIsNotAFailure() throws Exception {
        fail(new IOException("handled inside"));
        assertEquals(-1, call("write", new Class<?>[] {byte[].class, int.class, int.class}, new byte[3], 0, 3));
        assertEquals(List.of("wrote -1"), heard, "the handled exception is no failure; the return is still heard");
    }

    @Test
    void connectsReportSuccessPendingAndFailure() throws Exception {
        SocketAddress remote = new InetSocketAddress("127.0.0.1", 1);
        call("connect", new Class<?>[] {SocketAddress.class, int.class}, remote, 0);
        assertEquals(true, call("connect", new Class<?>[] {SocketAddress.class}, remote));
        assertEquals(true, call("finishConnect", new Class<?>[0]));
        Throwable refused = new java.net.ConnectException("Connection refused");
        fail(refused);
        assertThrows(InvocationTargetException.class,
                () -> call("connect", new Class<?>[] {SocketAddress.class, int.class}, remote, 0));
        assertEquals(false, call("finishConnect", new Class<?>[0]));
        assertEquals(List.of(
                "connect true " + remote, "connect true " + remote, "connect true null",
                "connect-failed " + remote + " " + refused, "connect false null"), heard);
    }

    @Test
    void acceptsReportTheNewConnection() throws Exception {
        call("accept", new Class<?>[] {SocketImpl.class}, new StubSocketImpl());
        assertEquals("accepted", call("accept", new Class<?>[0]));
        fail(new IOException("closed"));
        assertEquals(null, call("accept", new Class<?>[0]));
        // A non-blocking accept that found nothing returns null: not a connection, not reported.
        assertEquals(List.of("accept stub-impl", "accept accepted"), heard);
    }

    @Test
    void closeIsHeardOnEntryAndStillRuns() throws Exception {
        call("close", new Class<?>[0]);
        assertEquals(1, type.getField("closes").get(target));
        assertEquals(List.of("closing"), heard);
    }

    @Test
    void optionsSetAreHeardAfterTheMethodRanAndTheReturnedChannelIsUnchanged() throws Exception {
        call("setOption", new Class<?>[] {int.class, Object.class}, java.net.SocketOptions.SO_LINGER, 0);
        assertEquals(java.net.SocketOptions.SO_LINGER + "=0", type.getField("lastOption").get(target));
        Object returned = call("setOption", new Class<?>[] {java.net.SocketOption.class, Object.class},
                java.net.StandardSocketOptions.SO_LINGER, -1);
        assertSame(target, returned);
        assertEquals(List.of("option " + java.net.SocketOptions.SO_LINGER + "=0",
                "option " + java.net.StandardSocketOptions.SO_LINGER + "=-1"), heard);
    }

    @Test
    void aLongParameterIsDescribedRightInTheHandlerFrame() throws Exception {
        Throwable reset = WovenTarget.reset();
        fail(reset);
        assertThrows(InvocationTargetException.class, () -> call("blockingRead",
                new Class<?>[] {byte[].class, int.class, int.class, long.class}, new byte[1], 0, 1, 5L));
        assertEquals(List.of("failed " + Bridge.READ + " " + reset), heard);
    }

    private void fail(Throwable toThrow) throws ReflectiveOperationException {
        type.getField("toThrow").set(target, toThrow);
    }

    private Object call(String name, Class<?>[] parameters, Object... args) throws Exception {
        Method method = type.getMethod(name, parameters);
        return method.invoke(target, args);
    }

    private final class Recorder implements SocketEvents {
        @Override
        public void dataRead(Object socket, long n) {
            heard.add("read " + n);
        }

        @Override
        public void dataWritten(Object socket, long n) {
            heard.add("wrote " + n);
        }

        @Override
        public void connectEnded(Object socket, Object remote, boolean connected, Throwable failure) {
            heard.add(failure == null ? "connect " + connected + " " + remote
                    : "connect-failed " + remote + " " + failure);
        }

        @Override
        public void acceptEnded(Object listener, Object accepted, Throwable failure) {
            heard.add("accept " + accepted);
        }

        @Override
        public void operationFailed(int operation, Object socket, Throwable failure) {
            heard.add("failed " + operation + " " + failure);
        }

        @Override
        public void optionSet(Object socket, Object option, Object value) {
            heard.add("option " + option + "=" + value);
        }

        @Override
        public void closing(Object socket) {
            heard.add("closing");
        }

        @Override
        public void internalError(Throwable error) {
            heard.add("internal " + error);
        }
    }
}
