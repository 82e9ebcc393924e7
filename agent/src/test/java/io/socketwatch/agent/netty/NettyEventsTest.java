package io.socketwatch.agent.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.socketwatch.agent.bootstrap.Bridge;
import io.socketwatch.agent.classify.fakenetty.io.netty.channel.unix.Errors;
import io.socketwatch.agent.event.FailureEvent;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll.EpollDatagramChannel;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll.EpollServerSocketChannel;
import io.socketwatch.agent.instrument.fakenetty.io.netty.channel.epoll.EpollSocketChannel;
import io.socketwatch.agent.ledger.CreationSites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What NettyEvents makes of the Netty hooks, on stand-ins for Netty's channels (relocated names, as a shaded copy):
 * role from the parent, endpoints from the channel, type from the errno, the creation site of the channel or of the
 * server that accepted it, and nothing for what is not a TCP connection.
 */
class NettyEventsTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8080);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);

    private final CreationSites sites = new CreationSites();
    private final List<FailureEvent> events = new ArrayList<>();
    private final NettyEvents netty = new NettyEvents(sites, events::add);

    @Test
    void aClientChannelsReadResetIsAClientReadWithItsCreationSite() {
        EpollSocketChannel client = new EpollSocketChannel(null);
        netty.channelCreated(client, null);
        client.remote = SERVER;
        client.local = CLIENT;
        IOException reset = Errors.nativeIo("recvAddress(..) failed: Verbindung zurückgesetzt", -104);

        netty.channelFailed(Bridge.READ, client, null, reset);

        FailureEvent event = events.get(0);
        assertEquals(List.of("connection_reset read client"), describe(events));
        assertEquals(SERVER, event.peer());
        assertEquals(CLIENT, event.local());
        assertEquals(SERVER, event.server());
        assertSame(reset, event.failure());
        assertSame(sites.find(client), event.creationSite());
        assertEquals("channelCreated", event.creationSite().getStackTrace()[0].getMethodName());
    }

    @Test
    void anAcceptedChannelIsTheServersWithTheServerChannelsSite() {
        EpollServerSocketChannel server = new EpollServerSocketChannel();
        netty.channelCreated(server, null);
        EpollSocketChannel accepted = new EpollSocketChannel(server);
        netty.channelCreated(accepted, server);
        accepted.remote = CLIENT;
        accepted.local = SERVER;
        assertNull(sites.find(accepted), "nothing recorded per accepted connection");

        netty.channelFailed(Bridge.WRITE, accepted, null, Errors.nativeIo("writevAddresses(..) failed", -32));

        assertEquals(List.of("broken_pipe write server"), describe(events));
        assertEquals(SERVER, events.get(0).server());
        assertSame(sites.find(server), events.get(0).creationSite());
    }

    @Test
    void aFailedConnectIsTheClientsAndNamesTheAddressItWasConnectingTo() {
        EpollSocketChannel client = new EpollSocketChannel(null);
        netty.channelCreated(client, null);
        netty.channelFailed(Bridge.CONNECT, client, SERVER,
                new java.net.ConnectException("finishConnect(..) failed with error(-111): Connection refused"));
        assertEquals(List.of("connection_refused connect client"), describe(events));
        assertEquals(SERVER, events.get(0).peer());
    }

    @Test
    void unixDomainSocketsAndDatagramsAreNotReported() {
        EpollSocketChannel domain = new EpollSocketChannel(null);
        domain.remote = new SocketAddress() {
            @Override
            public String toString() {
                return "/run/app.sock";
            }
        };
        netty.channelFailed(Bridge.READ, domain, null, Errors.nativeIo("recvAddress(..) failed", -104));
        EpollDatagramChannel datagram = new EpollDatagramChannel();
        datagram.remote = SERVER;
        netty.channelFailed(Bridge.READ, datagram, null, Errors.nativeIo("recvAddress(..) failed", -111));
        assertEquals(List.of(), events);
    }

    @Test
    void onlyTcpChannelsTheApplicationCreatesGetASite() {
        EpollDatagramChannel datagram = new EpollDatagramChannel();
        netty.channelCreated(datagram, null);
        assertNull(sites.find(datagram));
        EpollSocketChannel client = new EpollSocketChannel(null);
        netty.channelCreated(client, null);
        netty.channelCreated(client, null);
        Throwable first = sites.find(client);
        netty.channelCreated(client, null);
        assertSame(first, sites.find(client), "constructors may chain: the first site stays");
    }

    @Test
    void nioChannelsLinkTheirJdkChannelToTheSite() {
        EpollServerSocketChannel server = new EpollServerSocketChannel();
        netty.channelCreated(server, null);
        Object jdkChannel = new Object();
        EpollSocketChannel accepted = new EpollSocketChannel(server);
        netty.channelWraps(accepted, server, jdkChannel);
        assertSame(sites.find(server), sites.find(jdkChannel));
    }

    private static List<String> describe(List<FailureEvent> events) {
        List<String> described = new ArrayList<>();
        for (FailureEvent e : events) {
            described.add(e.errorType().value() + " " + e.operation().value() + " " + e.role().name().toLowerCase());
        }
        return described;
    }

}
