package io.socketwatch.agent.bootstrap;

import java.util.function.Supplier;

/**
 * Sockets for tests of {@link TrafficIndex}, one static table shared by the whole test JVM: other tests' sockets may
 * hold slots until they are collected, so a test picks a socket whose slot is free, and makes others share it.
 */
public final class Slots {

    private Slots() {
    }

    /** A new object from {@code sockets} whose slot is free now. */
    public static Object withFreeSlot(Supplier<Object> sockets) {
        while (true) {
            Object socket = sockets.get();
            Traffic probe = new Traffic(socket, 0);
            if (TrafficIndex.add(probe)) {
                TrafficIndex.remove(probe);
                return socket;
            }
        }
    }

    /** A new object whose identity hash maps to the slot of {@code socket}. */
    public static Object sharingSlotWith(Object socket) {
        int slot = System.identityHashCode(socket) & (TrafficIndex.SLOT_COUNT - 1);
        while (true) {
            Object candidate = new Object();
            if ((System.identityHashCode(candidate) & (TrafficIndex.SLOT_COUNT - 1)) == slot) {
                return candidate;
            }
        }
    }
}
