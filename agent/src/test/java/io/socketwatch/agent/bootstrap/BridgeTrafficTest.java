package io.socketwatch.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Successful reads and writes: recorded by the bridge itself when indexed, else handed to the handler. */
class BridgeTrafficTest {

    private final List<String> heard = new ArrayList<>();

    @BeforeEach
    void install() {
        // Every call the handler gets, default methods included: a proxy answers them all.
        Bridge.install((SocketEvents) Proxy.newProxyInstance(SocketEvents.class.getClassLoader(),
                new Class<?>[] {SocketEvents.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    heard.add(name.equals("dataRead") ? "read " + args[1]
                            : name.equals("dataWritten") ? "wrote " + args[1] : name);
                    return null;
                }));
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    @Test
    void anIndexedSocketsTrafficIsRecordedWithoutTheHandler() {
        Object socket = Slots.withFreeSlot(Object::new);
        Traffic traffic = new Traffic(socket, 1);
        assertTrue(TrafficIndex.add(traffic));
        try {
            exchange(socket);
        } finally {
            TrafficIndex.remove(traffic);
        }
        assertEquals(List.of(), heard);
        assertEquals(10 + 5, traffic.bytesOut());
        assertEquals(20 + 7, traffic.bytesIn());
        assertEquals(2, traffic.turns(), "write, read, write: two turns");
        assertTrue(traffic.sawEndOfStream());
    }

    @Test
    void anUnindexedSocketsTrafficGoesToTheHandlerWithoutTheZeros() {
        Object holder = Slots.withFreeSlot(Object::new);
        Traffic held = new Traffic(holder, 1);
        assertTrue(TrafficIndex.add(held));
        try {
            exchange(Slots.sharingSlotWith(holder));
        } finally {
            TrafficIndex.remove(held);
        }
        assertEquals(List.of("wrote 10", "read 20", "read 7", "wrote 5", "read -1"), heard);
        assertEquals(0, held.bytesIn() + held.bytesOut(), "the slot's holder is another socket");
    }

    /** Both widths of each call, and the zeros of non-blocking I/O that found nothing to do. */
    private static void exchange(Object socket) {
        Bridge.writeReturned(10, socket);
        Bridge.writeReturned(0L, socket);
        Bridge.readReturned(0, socket);
        Bridge.readReturned(20, socket);
        Bridge.readReturned(7L, socket);
        Bridge.writeReturned(5L, socket);
        Bridge.readReturned(-1, socket);
    }
}
