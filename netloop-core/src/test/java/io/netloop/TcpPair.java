package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A host on one {@link Net} and a client on another, connected over 127.0.0.1 and driven by one
 * {@link Loop}: the starting point of most TCP behaviour tests. Closing it closes both nets.
 */
final class TcpPair implements AutoCloseable {
    final Net serverNet;
    final Net clientNet;
    final Host host;
    /** The client's peer: the server as the client sees it. */
    final Peer client;
    /** The server's peer: the client as the server sees it. */
    final Peer server;

    final Loop loop;

    private TcpPair(Net serverNet, Net clientNet, Host host, Peer client, Peer server, Loop loop) {
        this.serverNet = serverNet;
        this.clientNet = clientNet;
        this.host = host;
        this.client = client;
        this.server = server;
        this.loop = loop;
    }

    static TcpPair open() {
        return open(NetConfig.defaults(), NetConfig.defaults(), "", "");
    }

    static TcpPair open(String hostOptions, String clientOptions) {
        return open(NetConfig.defaults(), NetConfig.defaults(), hostOptions, clientOptions);
    }

    /**
     * Connects and polls (without waiting, so fake clocks work) until both sides saw CONNECTED.
     *
     * @param hostOptions URI query for the host, e.g. {@code "?maxMessage=1MiB"}, or empty
     * @param clientOptions URI query for the client, or empty
     */
    static TcpPair open(NetConfig serverConfig, NetConfig clientConfig, String hostOptions, String clientOptions) {
        Net serverNet = Net.open(serverConfig);
        Net clientNet = Net.open(clientConfig);
        Host host = serverNet.listen("tcp://127.0.0.1:0" + hostOptions);
        Peer client = clientNet.connect("tcp://127.0.0.1:" + host.port() + clientOptions);
        Loop loop = new Loop(serverNet, clientNet);
        boolean connected = loop.untilNow(
                () -> !loop.of(serverNet, NetEvent.Type.CONNECTED).isEmpty()
                        && !loop.of(clientNet, NetEvent.Type.CONNECTED).isEmpty(),
                Duration.ofSeconds(10));
        assertThat(connected).as("both sides CONNECTED").isTrue();
        Peer server = loop.of(serverNet, NetEvent.Type.CONNECTED).get(0).peer();
        loop.clear();
        return new TcpPair(serverNet, clientNet, host, client, server, loop);
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
