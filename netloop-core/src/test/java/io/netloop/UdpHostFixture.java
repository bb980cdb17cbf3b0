package io.netloop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@code udp://} host on 127.0.0.1 with one well-behaved netloop client that exchanges messages
 * with it, and any number of strangers on raw sockets. Tests check that whatever the strangers do,
 * the good client carries on.
 */
final class UdpHostFixture implements AutoCloseable {
    final Loop loop = new Loop();
    final Net hostNet;
    final Net clientNet;
    final Host host;
    final Peer good;
    final Peer goodOnHost;
    private final boolean fakeClock;
    private final List<RawUdp> strangers = new ArrayList<>();
    private int round;

    private UdpHostFixture(NetConfig hostConfig, boolean fakeClock, String query) {
        this.fakeClock = fakeClock;
        hostNet = Net.open(hostConfig);
        clientNet = Net.open();
        loop.add(hostNet).add(clientNet);
        host = hostNet.listen("udp://127.0.0.1:0" + query);
        good = clientNet.connect(hostUri());
        assertThat(until(() -> good.state() == PeerState.CONNECTED
                        && !loop.of(hostNet, NetEvent.Type.CONNECTED).isEmpty()))
                .as("the good client connects")
                .isTrue();
        goodOnHost = loop.of(hostNet, NetEvent.Type.CONNECTED).get(0).peer();
        assertGoodClientExchanges();
    }

    /** A host listening with {@code query} (e.g. {@code "?maxMessage=64KiB"}, or ""). */
    static UdpHostFixture start(String query) {
        return new UdpHostFixture(NetConfig.defaults(), false, query);
    }

    /** A host whose net runs on {@code clock}; every wait then polls without blocking. */
    static UdpHostFixture startOnClock(FakeClock clock, String query) {
        return new UdpHostFixture(NetConfig.builder().clock(clock).build(), true, query);
    }

    String hostUri() {
        return "udp://127.0.0.1:" + host.port();
    }

    /** Polls until {@code done} holds, at most 10 s; returns whether it holds. */
    boolean until(BooleanSupplier done) {
        return fakeClock ? loop.untilNow(done, Duration.ofSeconds(10)) : loop.until(done);
    }

    /** Polls every net a few times, for checks that something did not happen. */
    void pollAWhile() {
        for (int i = 0; i < 20; i++) {
            if (fakeClock) {
                loop.pollNow();
            } else {
                loop.pollOnce();
            }
        }
    }

    RawUdp stranger() throws IOException {
        RawUdp s = new RawUdp(this::until, new InetSocketAddress("127.0.0.1", host.port()));
        strangers.add(s);
        return s;
    }

    /** A stranger that made the whole handshake by hand; the host announced it as CONNECTED. */
    RawUdp handshakenStranger(long nonce) throws IOException {
        RawUdp s = stranger();
        s.handshake(nonce, 1200);
        assertThat(until(() -> hostPeerOf(s) != null))
                .as("the host announced the stranger")
                .isTrue();
        return s;
    }

    /** The host's peer for a stranger's socket, by its port, or null. */
    Peer hostPeerOf(RawUdp s) {
        for (NetEvent e : loop.of(hostNet, NetEvent.Type.CONNECTED)) {
            if (e.peer().remoteAddress().getPort() == s.localPort()) {
                return e.peer();
            }
        }
        return null;
    }

    /** One request from the good client and one answer from the host, each seen by the other side. */
    void assertGoodClientExchanges() {
        String ask = "ask " + round++;
        assertThat(good.send(ask.getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
        assertThat(until(() -> texts(hostNet, goodOnHost).contains(ask)))
                .as("the host got " + ask)
                .isTrue();
        assertThat(goodOnHost.send(("re " + ask).getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
        assertThat(until(() -> texts(clientNet, good).contains("re " + ask)))
                .as("the client got the answer to " + ask)
                .isTrue();
        assertThat(good.state()).isEqualTo(PeerState.CONNECTED);
        assertThat(goodOnHost.state()).isEqualTo(PeerState.CONNECTED);
    }

    void assertOnlyTheGoodClientWasEverSeen() {
        assertThat(loop.events(hostNet)).allSatisfy(e -> assertThat(e.peer()).isSameAs(goodOnHost));
        assertThat(host.peers()).containsExactly(goodOnHost);
        assertThat(host.stats().pending()).isZero();
    }

    List<String> texts(Net net, Peer from) {
        return data(net, from).stream().map(e -> new String(e.data(), UTF_8)).toList();
    }

    List<NetEvent> data(Net net, Peer from) {
        return loop.of(net, NetEvent.Type.DATA).stream()
                .filter(e -> e.peer() == from)
                .toList();
    }

    /** Waits for the peer's end; the game saw it connect first, then disconnect once. */
    NetEvent disconnectOf(Peer peer) {
        assertThat(until(() -> peer.state() == PeerState.DISCONNECTED))
                .as(peer + " ends")
                .isTrue();
        List<NetEvent> seen = loop.events(hostNet).stream()
                .filter(e -> e.peer() == peer && e.type() != NetEvent.Type.DATA)
                .toList();
        assertThat(seen)
                .extracting(NetEvent::type)
                .containsExactly(NetEvent.Type.CONNECTED, NetEvent.Type.DISCONNECTED);
        return seen.get(1);
    }

    @Override
    public void close() throws IOException {
        for (RawUdp s : strangers) {
            s.close();
        }
        hostNet.close();
        clientNet.close();
    }
}
