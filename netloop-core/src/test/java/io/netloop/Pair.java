package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A host on one {@link Net} and a client on another, connected over 127.0.0.1 by one {@link
 * Transport} and driven by one {@link Loop}: the starting point of most behaviour tests. Closing it
 * closes both nets.
 */
class Pair implements AutoCloseable {
    final Transport transport;
    final Net serverNet;
    final Net clientNet;
    final Host host;
    /** The client's peer: the server as the client sees it. */
    final Peer client;
    /** The server's peer: the client as the server sees it. */
    final Peer server;

    final Loop loop;

    static Pair open(Transport transport) {
        return open(transport, "", "");
    }

    /**
     * @param hostQuery URI options for the host, e.g. {@code "?maxMessage=1MiB"}, or empty
     * @param clientQuery URI options for the client, or empty
     */
    static Pair open(Transport transport, String hostQuery, String clientQuery) {
        return open(transport, NetConfig.defaults(), NetConfig.defaults(), hostQuery, clientQuery);
    }

    static Pair open(
            Transport transport, NetConfig serverConfig, NetConfig clientConfig, String hostQuery, String clientQuery) {
        return new Pair(transport, serverConfig, clientConfig, hostQuery, clientQuery);
    }

    /** Connects and polls (without waiting, so fake clocks work) until both sides saw CONNECTED. */
    Pair(Transport transport, NetConfig serverConfig, NetConfig clientConfig, String hostQuery, String clientQuery) {
        this.transport = transport;
        this.serverNet = Net.open(serverConfig);
        this.clientNet = Net.open(clientConfig);
        this.loop = new Loop(serverNet, clientNet);
        try {
            host = serverNet.listen(transport.listenUri(hostQuery));
            client = clientNet.connect(transport.connectUri(host.port(), clientQuery));
            boolean connected = loop.untilNow(
                    () -> !loop.of(serverNet, NetEvent.Type.CONNECTED).isEmpty()
                            && !loop.of(clientNet, NetEvent.Type.CONNECTED).isEmpty(),
                    Duration.ofSeconds(10));
            assertThat(connected).as("both sides CONNECTED over %s", transport).isTrue();
            server = loop.of(serverNet, NetEvent.Type.CONNECTED).get(0).peer();
            loop.clear();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The DATA events {@code net} returned so far, in order. */
    List<NetEvent> data(Net net) {
        return loop.of(net, NetEvent.Type.DATA);
    }

    /** The DATA events {@code net} returned so far on one channel, in order. */
    List<NetEvent> data(Net net, int channel) {
        List<NetEvent> out = new ArrayList<>();
        for (NetEvent e : data(net)) {
            if (e.channel() == channel) {
                out.add(e);
            }
        }
        return out;
    }

    List<NetEvent> disconnected(Net net) {
        return loop.of(net, NetEvent.Type.DISCONNECTED);
    }

    @Override
    public void close() {
        clientNet.close();
        serverNet.close();
    }
}
