package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;

/**
 * Connecting, sending, receiving and closing, in the event style and the listener style, over
 * every transport.
 */
@Timeout(30)
class ContractBehaviourTest {

    @EachTransport
    void eventStyleConnectSendReceiveClose(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            Peer toServer = clientNet.connect(t.connectUri(host));
            assertThat(toServer.state()).isEqualTo(PeerState.CONNECTING);
            Loop loop = new Loop(serverNet, clientNet);

            assertThat(loop.until(() -> loop.of(serverNet, CONNECTED).size() == 1
                            && loop.of(clientNet, CONNECTED).size() == 1))
                    .isTrue();
            Peer toClient = loop.of(serverNet, CONNECTED).get(0).peer();
            assertThat(loop.of(clientNet, CONNECTED).get(0).peer()).isSameAs(toServer);
            assertThat(toServer.state()).isEqualTo(PeerState.CONNECTED);
            assertThat(toClient.state()).isEqualTo(PeerState.CONNECTED);
            assertThat(toServer.host()).isNull();
            assertThat(toClient.host()).isSameAs(host);
            assertThat(toClient.remoteAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());

            assertThat(toServer.send(3, "hello".getBytes(UTF_8), Delivery.RELIABLE))
                    .isEqualTo(SendResult.QUEUED);
            assertThat(toClient.send("world".getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
            assertThat(loop.until(() -> loop.of(serverNet, DATA).size() == 1
                            && loop.of(clientNet, DATA).size() == 1))
                    .isTrue();
            NetEvent atServer = loop.of(serverNet, DATA).get(0);
            assertThat(atServer.peer()).isSameAs(toClient);
            assertThat(atServer.channel()).isEqualTo(3);
            assertThat(atServer.sequence()).isZero();
            assertThat(new String(atServer.data(), UTF_8)).isEqualTo("hello");
            NetEvent atClient = loop.of(clientNet, DATA).get(0);
            assertThat(atClient.peer()).isSameAs(toServer);
            assertThat(atClient.channel()).isZero();
            assertThat(new String(atClient.data(), UTF_8)).isEqualTo("world");

            toServer.close();
            assertThat(toServer.state()).isEqualTo(PeerState.CLOSING);
            assertThat(toServer.send(new byte[1])).isEqualTo(SendResult.NOT_CONNECTED);
            assertThat(loop.until(() -> loop.of(serverNet, DISCONNECTED).size() == 1
                            && loop.of(clientNet, DISCONNECTED).size() == 1))
                    .isTrue();
            assertThat(loop.of(clientNet, DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
            assertThat(loop.of(serverNet, DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
            assertThat(loop.of(serverNet, DISCONNECTED).get(0).peer()).isSameAs(toClient);
            assertThat(toServer.state()).isEqualTo(PeerState.DISCONNECTED);
            assertThat(toClient.state()).isEqualTo(PeerState.DISCONNECTED);
            assertThat(host.peers()).isEmpty();
        }
    }

    @EachTransport
    void listenerStyleConnectSendReceiveCloseOnThePollingThread(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Recorder atServer = new Recorder();
            Recorder atClient = new Recorder();
            Host host = serverNet.listen(t.listenUri(), atServer);
            Peer toServer = clientNet.connect(t.connectUri(host), atClient);
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> atServer.connected.size() == 1 && atClient.connected.size() == 1))
                    .isTrue();
            assertThat(atClient.connected).containsExactly(toServer);

            toServer.send(1, "a".getBytes(UTF_8), Delivery.RELIABLE);
            toServer.send(1, "b".getBytes(UTF_8), Delivery.RELIABLE);
            toServer.send(2, "c".getBytes(UTF_8), Delivery.RELIABLE);
            atServer.connected.get(0).send(0, "pong".getBytes(UTF_8), Delivery.RELIABLE);
            assertThat(loop.until(() -> atServer.calls.size() == 4 && atClient.calls.size() == 2))
                    .isTrue();
            toServer.close();
            assertThat(loop.until(() -> atServer.calls.size() == 5 && atClient.calls.size() == 3))
                    .isTrue();

            assertThat(atServer.calls)
                    .containsExactly(
                            "connected", "data 1 #0 a", "data 1 #1 b", "data 2 #0 c", "disconnected CLOSED_BY_PEER");
            assertThat(atClient.calls).containsExactly("connected", "data 0 #0 pong", "disconnected CLOSED");
            assertThat(atServer.threads).containsExactly(Thread.currentThread());
            assertThat(atClient.threads).containsExactly(Thread.currentThread());
            assertThat(loop.events(serverNet))
                    .as("listeners get calls, not events")
                    .isEmpty();
            assertThat(loop.events(clientNet)).isEmpty();
        }
    }

    @EachTransport
    void everyDeliveryModeDeliversEverythingOnAQuietLink(Transport t) {
        int frames = 50;
        Delivery[] modes = Delivery.values();
        try (Pair pair = Pair.open(t)) {
            // one message of each mode per frame, each mode on the channel of its own number
            for (int i = 0; i < frames; i++) {
                for (Delivery mode : modes) {
                    assertThat(pair.client.send(mode.ordinal(), new byte[] {(byte) i}, mode))
                            .isEqualTo(SendResult.QUEUED);
                }
                pair.loop.pollOnce();
            }
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet).size() >= frames * modes.length))
                    .as("nothing is lost on loopback without a simulated loss; got %s", pair.data(pair.serverNet))
                    .isTrue();
            pair.loop.pollOnce();
            assertThat(pair.data(pair.serverNet)).hasSize(frames * modes.length);

            List<Integer> sent = IntStream.range(0, frames).boxed().toList();
            List<Long> sequences = LongStream.range(0, frames).boxed().toList();
            for (Delivery mode : modes) {
                List<NetEvent> got = pair.data(pair.serverNet, mode.ordinal());
                List<Integer> values = new ArrayList<>();
                got.forEach(e -> values.add((int) e.data()[0]));
                if (mode == Delivery.RELIABLE || mode == Delivery.SEQUENCED) {
                    assertThat(values).as("%s keeps the order", mode).isEqualTo(sent);
                } else {
                    assertThat(values).as("%s, exactly once", mode).containsExactlyInAnyOrderElementsOf(sent);
                }
                assertThat(got)
                        .extracting(NetEvent::sequence)
                        .as("%s: sequence() counts the channel's messages", mode)
                        .containsExactlyElementsOf(sequences);
            }
        }
    }

    @EachTransport
    void sequencedNeverGoesBackwardsAndTheNewestArrives(Transport t) {
        int last = 99;
        try (Pair pair = Pair.open(t)) {
            // a burst in one frame: a transport may skip the older ones, never reorder or repeat them
            for (int v = 0; v <= last; v++) {
                pair.client.send(1, new byte[] {(byte) v}, Delivery.SEQUENCED);
            }
            assertThat(pair.loop.until(() -> {
                        List<NetEvent> got = pair.data(pair.serverNet);
                        return !got.isEmpty() && got.get(got.size() - 1).data()[0] == last;
                    }))
                    .as("the newest arrives; got %s", pair.data(pair.serverNet))
                    .isTrue();
            pair.loop.pollOnce();

            List<Integer> values = new ArrayList<>();
            pair.data(pair.serverNet).forEach(e -> values.add((int) e.data()[0]));
            assertThat(values).isSorted().doesNotHaveDuplicates().endsWith(last);
            assertThat(pair.client.stats().messagesDropped())
                    .as("every one skipped is counted as dropped")
                    .isEqualTo(last + 1 - values.size());
        }
    }

    @EachTransport
    void sendWhileConnectingIsQueuedAndDeliveredAfterConnect(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            Peer toServer = clientNet.connect(t.connectUri(host));
            for (int i = 0; i < 3; i++) {
                assertThat(toServer.send(5, new byte[] {(byte) i}, Delivery.RELIABLE))
                        .isEqualTo(SendResult.QUEUED);
            }
            assertThat(toServer.state()).isEqualTo(PeerState.CONNECTING);
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> loop.of(serverNet, DATA).size() == 3)).isTrue();

            List<NetEvent> events = loop.events(serverNet);
            assertThat(events).extracting(NetEvent::type).containsExactly(CONNECTED, DATA, DATA, DATA);
            assertThat(events.subList(1, 4)).extracting(e -> (int) e.data()[0]).containsExactly(0, 1, 2);
            assertThat(events.subList(1, 4)).extracting(NetEvent::sequence).containsExactly(0L, 1L, 2L);
        }
    }

    @EachTransport
    void sendCopiesArrayRangesAndBuffersWithoutChangingThem(Transport t) {
        try (Pair pair = Pair.open(t)) {
            byte[] array = "..abc..".getBytes(UTF_8);
            pair.client.send(0, array, 2, 3, Delivery.RELIABLE);
            ByteBuffer buffer = ByteBuffer.wrap("xyz-def".getBytes(UTF_8));
            buffer.position(4);
            pair.client.send(0, buffer, Delivery.RELIABLE);
            assertThat(buffer.position()).isEqualTo(4);
            array[2] = 'X'; // the message was copied: the game may reuse its array at once
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet).size() == 2))
                    .isTrue();
            assertThat(pair.data(pair.serverNet))
                    .extracting(e -> new String(e.data(), UTF_8))
                    .containsExactly("abc", "def");
        }
    }

    @EachTransport
    void netSendConnectsOnFirstUseAndReusesTheConnection(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            String uri = t.connectUri(host);
            Loop loop = new Loop(serverNet, clientNet);

            assertThat(clientNet.send(uri, "one".getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
            assertThat(clientNet.send(uri, "two".getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
            assertThat(loop.until(() -> loop.of(serverNet, DATA).size() == 2)).isTrue();
            assertThat(clientNet.send(uri, 7, "three".getBytes(UTF_8), Delivery.RELIABLE))
                    .isEqualTo(SendResult.QUEUED);
            assertThat(loop.until(() -> loop.of(serverNet, DATA).size() == 3)).isTrue();

            assertThat(loop.of(serverNet, CONNECTED)).hasSize(1);
            assertThat(loop.of(clientNet, CONNECTED)).hasSize(1);
            Peer first = loop.of(serverNet, CONNECTED).get(0).peer();
            assertThat(loop.of(serverNet, DATA))
                    .allSatisfy(e -> assertThat(e.peer()).isSameAs(first));
            assertThat(loop.of(serverNet, DATA))
                    .extracting(e -> e.channel() + ":" + new String(e.data(), UTF_8))
                    .containsExactly("0:one", "0:two", "7:three");

            // once that connection has ended, the next send opens a new one
            first.close();
            assertThat(loop.until(() -> loop.of(clientNet, DISCONNECTED).size() == 1))
                    .isTrue();
            assertThat(clientNet.send(uri, "four".getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
            assertThat(loop.until(() -> loop.of(serverNet, DATA).size() == 4)).isTrue();
            assertThat(loop.of(serverNet, CONNECTED)).hasSize(2);
            NetEvent fourth = loop.of(serverNet, DATA).get(3);
            assertThat(fourth.peer())
                    .isSameAs(loop.of(serverNet, CONNECTED).get(1).peer());
            assertThat(fourth.sequence()).isZero();
        }
    }

    @EachTransport
    void hostReportsItsPortPeersAndBroadcastsToThem(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            String hostUri = t.listenUri();
            Host host = serverNet.listen(hostUri);
            assertThat(host.port()).isPositive();
            assertThat(host.localAddress().getPort()).isEqualTo(host.port());
            assertThat(host.uri()).isEqualTo(hostUri);
            assertThat(host.isOpen()).isTrue();
            assertThat(host.peers()).isEmpty();

            List<Peer> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(clientNet.connect(t.connectUri(host)));
            }
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> loop.of(serverNet, CONNECTED).size() == 3
                            && loop.of(clientNet, CONNECTED).size() == 3))
                    .isTrue();
            List<Peer> accepted = new ArrayList<>();
            loop.of(serverNet, CONNECTED).forEach(e -> accepted.add(e.peer()));
            assertThat(host.peers()).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(host.stats().connected()).isEqualTo(3);

            assertThat(host.broadcast(9, "all".getBytes(UTF_8), Delivery.RELIABLE))
                    .isEqualTo(3);
            assertThat(loop.until(() -> loop.of(clientNet, DATA).size() == 3)).isTrue();
            assertThat(loop.of(clientNet, DATA))
                    .extracting(e -> e.channel() + ":" + new String(e.data(), UTF_8))
                    .containsOnly("9:all");
            assertThat(loop.of(clientNet, DATA))
                    .extracting(NetEvent::peer)
                    .containsExactlyInAnyOrderElementsOf(clients);

            clients.get(0).close();
            assertThat(loop.until(() -> loop.of(serverNet, DISCONNECTED).size() == 1))
                    .isTrue();
            assertThat(host.peers())
                    .hasSize(2)
                    .doesNotContain(loop.of(serverNet, DISCONNECTED).get(0).peer());
        }
    }

    @EachTransport
    void peerCarriesTheGamesAttachmentForItsWholeLife(Transport t) {
        try (Pair pair = Pair.open(t)) {
            assertThat(pair.server.<Object>attachment()).isNull();
            StringBuilder player = new StringBuilder("player-1");
            pair.server.attach(player);
            pair.client.send("hi".getBytes(UTF_8));
            pair.client.close();
            assertThat(pair.loop.until(() -> pair.disconnected(pair.serverNet).size() == 1))
                    .isTrue();

            NetEvent data = pair.data(pair.serverNet).get(0);
            assertThat(data.peer().<StringBuilder>attachment()).isSameAs(player);
            assertThat(pair.disconnected(pair.serverNet).get(0).peer().<StringBuilder>attachment())
                    .isSameAs(player);
            pair.server.attach(null);
            assertThat(pair.server.<Object>attachment()).isNull();
        }
    }

    @EachTransport
    @Timeout(60)
    void twoHundredClientsOnOneHostConnectExchangeAndDisconnectCleanly(Transport t) {
        int n = 200;
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            List<Peer> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Peer p = clientNet.connect(t.connectUri(host));
                p.send(("hello " + i).getBytes(UTF_8));
                clients.add(p);
            }
            Loop loop = new Loop(serverNet, clientNet);
            int[] echoed = {0};
            assertThat(loop.until(
                            () -> {
                                List<NetEvent> got = loop.of(serverNet, DATA);
                                for (; echoed[0] < got.size(); echoed[0]++) {
                                    NetEvent e = got.get(echoed[0]);
                                    e.peer().send(("echo " + new String(e.data(), UTF_8)).getBytes(UTF_8));
                                }
                                return loop.of(clientNet, DATA).size() == n;
                            },
                            Duration.ofSeconds(30)))
                    .isTrue();
            for (NetEvent e : loop.of(clientNet, DATA)) {
                int i = clients.indexOf(e.peer());
                assertThat(new String(e.data(), UTF_8)).isEqualTo("echo hello " + i);
            }
            assertThat(host.peers()).hasSize(n);

            clients.forEach(Peer::close);
            assertThat(loop.until(
                            () -> loop.of(serverNet, DISCONNECTED).size() >= n
                                    && loop.of(clientNet, DISCONNECTED).size() >= n,
                            Duration.ofSeconds(30)))
                    .isTrue();
            loop.pollOnce(); // a duplicate DISCONNECTED would show up here

            assertEveryConnectedEndsOnce(loop.events(serverNet), n, DisconnectReason.CLOSED_BY_PEER);
            assertEveryConnectedEndsOnce(loop.events(clientNet), n, DisconnectReason.CLOSED);
            assertThat(host.peers()).isEmpty();
        }
    }

    private static void assertEveryConnectedEndsOnce(List<NetEvent> events, int n, DisconnectReason reason) {
        Map<Peer, List<NetEvent.Type>> life = new HashMap<>();
        for (NetEvent e : events) {
            if (e.type() != DATA) {
                life.computeIfAbsent(e.peer(), p -> new ArrayList<>()).add(e.type());
            }
        }
        assertThat(life).hasSize(n);
        assertThat(life.values()).allSatisfy(types -> assertThat(types).containsExactly(CONNECTED, DISCONNECTED));
        assertThat(events)
                .filteredOn(e -> e.type() == DISCONNECTED)
                .extracting(NetEvent::reason)
                .containsOnly(reason);
    }
}
