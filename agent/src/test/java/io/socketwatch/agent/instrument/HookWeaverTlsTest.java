package io.socketwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.bootstrap.SocketEvents;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TLS and HttpClient hook shapes, woven into {@link WovenTlsTarget} and verified by the JVM: a constructor's
 * return hook (any parameter list), doneConnect's return hook, and fatal's entry hook plus its catch-all handler.
 */
class HookWeaverTlsTest {

    private final List<String> heard = new ArrayList<>();
    private Class<?> type;

    @BeforeEach
    void weaveAndLoad() throws Exception {
        Map<String, HookKind> hooks = Map.of(
                Hook.anyParameters("<init>", HookKind.HTTP_REQUEST, "").key(), HookKind.HTTP_REQUEST,
                Hook.of("doneConnect", HookKind.TLS_SOCKET_READY, "").key(), HookKind.TLS_SOCKET_READY,
                Hook.ofDescriptor("fatal", HookKind.TLS_FATAL, "",
                        "(Ljava/lang/Object;Ljava/lang/String;ZLjava/lang/Throwable;)").key(), HookKind.TLS_FATAL);
        byte[] original;
        try (InputStream in = WovenTlsTarget.class.getResourceAsStream("WovenTlsTarget.class")) {
            original = in.readAllBytes();
        }
        HookWeaver.Woven result = HookWeaver.weave(original, hooks);
        assertEquals(hooks.size(), result.methods.size(), "woven: " + result.methods);
        byte[] woven = result.classFile;
        type = new ClassLoader(HookWeaverTlsTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(WovenTlsTarget.class.getName(), woven, 0, woven.length);
            }
        }.define();
        Bridge.install(new Recorder());
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    @Test
    void aConstructorIsHeardOnceItReturns() throws Exception {
        Object made = type.getConstructor(String.class, int.class).newInstance("x", 1);
        assertEquals("x1", type.getField("made").get(made));
        assertEquals(List.of("request x1"), heard);
    }

    @Test
    void doneConnectIsHeardWithTheSocket() throws Exception {
        Object target = type.getConstructor(String.class, int.class).newInstance("s", 2);
        heard.clear();
        type.getMethod("doneConnect").invoke(target);
        assertEquals(List.of("ready s2"), heard);
    }

    @Test
    void fatalIsHeardOnEntryAndItsExceptionReachesTheCallerUnchanged() throws Exception {
        Object target = type.getConstructor(String.class, int.class).newInstance("t", 3);
        heard.clear();
        Throwable cause = new java.io.EOFException("peer left");
        Throwable thrown = assertThrows(InvocationTargetException.class, () -> type.getMethod("fatal", Object.class,
                String.class, boolean.class, Throwable.class).invoke(target, "handshake_failure", "gone", true, cause))
                .getCause();
        assertEquals(IllegalArgumentException.class, thrown.getClass());
        assertSame(cause, thrown.getCause());
        assertEquals(List.of("failing t3 handshake_failure true " + cause, "failed t3 " + thrown), heard);
    }

    private final class Recorder implements SocketEvents {
        @Override
        public void connectEnded(Object socket, Object remote, boolean connected, Throwable failure) {
            heard.add("connect");
        }

        @Override
        public void acceptEnded(Object listener, Object accepted, Throwable failure) {
            heard.add("accept");
        }

        @Override
        public void operationFailed(int operation, Object socket, Throwable failure) {
            heard.add("failed " + operation);
        }

        @Override
        public void optionSet(Object socket, Object option, Object value) {
        }

        @Override
        public void closing(Object socket) {
            heard.add("closing");
        }

        @Override
        public void tlsSocketReady(Object sslSocket) {
            heard.add("ready " + made(sslSocket));
        }

        @Override
        public void tlsFailing(Object context, Object alert, boolean received, Throwable cause) {
            heard.add("failing " + made(context) + " " + alert + " " + received + " " + cause);
        }

        @Override
        public void tlsFailed(Object context, Throwable failure) {
            heard.add("failed " + made(context) + " " + failure);
        }

        @Override
        public void httpRequestCreated(Object request) {
            heard.add("request " + made(request));
        }

        @Override
        public void internalError(Throwable error) {
            heard.add("internal " + error);
        }

        private String made(Object target) {
            try {
                return String.valueOf(type.getField("made").get(target));
            } catch (ReflectiveOperationException e) {
                return "?";
            }
        }
    }
}
