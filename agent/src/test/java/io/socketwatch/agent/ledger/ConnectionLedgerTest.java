package io.socketwatch.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.agent.bootstrap.Slots;
import io.socketwatch.agent.bootstrap.TrafficIndex;
import io.socketwatch.agent.classify.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class ConnectionLedgerTest {

    @Test
    void anOpenedConnectionIsIndexedUntilItCloses() {
        ConnectionLedger ledger = new ConnectionLedger(10);
        Object socket = Slots.withFreeSlot(Object::new);
        Connection connection = ledger.opened(socket, Role.CLIENT, false, null, null);
        assertSame(connection.traffic(), TrafficIndex.find(socket));
        assertSame(connection, ledger.closing(socket));
        assertNull(TrafficIndex.find(socket), "closed: its slot is free again");
        assertNull(ledger.closing(socket), "closed once only");
    }

    @Test
    void connectionsPastCapacityAreNeitherTrackedNorIndexed() {
        ConnectionLedger ledger = new ConnectionLedger(1);
        ledger.opened(new Object(), Role.CLIENT, false, null, null);
        Object socket = Slots.withFreeSlot(Object::new);
        ledger.opened(socket, Role.CLIENT, false, null, null);
        assertNull(TrafficIndex.find(socket));
        assertNull(ledger.find(socket));
        assertEquals(1, ledger.untracked());
    }

    @Test
    void closeInternalClosesTheAgentsOwnConnectionsOnly() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel agents = SocketChannel.open(listener.getLocalAddress());
                SocketChannel applications = SocketChannel.open(listener.getLocalAddress())) {
            ConnectionLedger ledger = new ConnectionLedger(10);
            ledger.opened(agents, Role.CLIENT, true, null, null);
            ledger.opened(applications, Role.CLIENT, false, null, null);

            assertEquals(1, ledger.closeInternal());

            assertFalse(agents.isOpen(), "the agent's own connection is closed");
            assertTrue(applications.isOpen(), "the application's connection is never touched");
        }
    }
}
