package io.socketwatch.agent.bootstrap;

/**
 * Finds the {@link Traffic} of a socket on every successful read and write: a direct-mapped table indexed by the
 * socket's identity hash. Through the agent's handler, the lookup was a chain of eight dependent loads (the
 * handler, its ledger, the ledger's map, its table, the entry, its key, its value, the clock) and the type check of
 * an interface call; here it is the slot and the slot's referent, in a table whose address the JIT compiles in.
 * The ledger adds a connection's Traffic when the connection opens and removes it when it closes; a socket whose slot
 * is taken (another live connection with the same hash bits) is not here, and the bridge finds it through the
 * handler and the ledger's map instead, as every socket was before. 1024 slots (4 KiB of references) serve a
 * service's busiest connections.
 *
 * <p>Slots are read and written without synchronisation: a reader racing an add or a remove sees the old or the new
 * entry, and an entry found is only used if it refers to the very socket looked up, so the worst a race does is send
 * a lookup to the slow path, or leave a slot taken until its socket is collected.
 */
public final class TrafficIndex {

    static final int SLOT_COUNT = 1024;
    private static final Traffic[] SLOTS = new Traffic[SLOT_COUNT];

    private TrafficIndex() {
    }

    /** The Traffic of {@code socket} if it has a slot, else null (ask the ledger). */
    public static Traffic find(Object socket) {
        Traffic traffic = SLOTS[System.identityHashCode(socket) & (SLOT_COUNT - 1)];
        return traffic != null && traffic.get() == socket ? traffic : null;
    }

    /**
     * Gives {@code traffic} its slot if the slot is free, its socket was collected, or it holds an earlier Traffic of
     * the same socket (recorded as opened again: the ledger's newer entry must be the one the bridge updates);
     * returns whether it did.
     */
    public static boolean add(Traffic traffic) {
        int slot = traffic.hash & (SLOT_COUNT - 1);
        Traffic current = SLOTS[slot];
        Object holder = current == null ? null : current.get();
        if (holder == null || holder == traffic.get()) {
            SLOTS[slot] = traffic;
            return true;
        }
        return false;
    }

    /** Frees the slot of {@code traffic} (its connection is closing), if it has it. */
    public static void remove(Traffic traffic) {
        int slot = traffic.hash & (SLOT_COUNT - 1);
        if (SLOTS[slot] == traffic) {
            SLOTS[slot] = null;
        }
    }

}
