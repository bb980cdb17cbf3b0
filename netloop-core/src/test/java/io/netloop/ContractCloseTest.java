package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * How connections end, over every transport: gracefully, at once, with their host or net, or never
 * begun; and failing listeners.
 */
@Timeout(30)
class ContractCloseTest {

    private static byte[] numbered(int n) {
        return ByteBuffer.allocate(4 + n % 150).putInt(n).array();
    }

    @EachTransport
    void gracefulCloseDeliversEverythingQueuedBeforeIt(Transport t) {
        int n = 10_000;
        try (Pair pair = Pair.open(t)) {
            for (int i = 0; i < n; i++) {
                assertThat(pair.client.send(i % 2, numbered(i), Delivery.RELIABLE))
                        .isEqualTo(SendResult.QUEUED);
            }
            pair.client.close();
            assertThat(pair.client.state()).isEqualTo(PeerState.CLOSING);
            assertThat(pair.client.send(numbered(n))).isEqualTo(SendResult.NOT_CONNECTED);

            assertThat(pair.loop.until(() -> pair.disconnected(pair.serverNet).size() == 1
                            && pair.disconnected(pair.clientNet).size() == 1))
                    .isTrue();
            List<NetEvent> atServer = pair.loop.events(pair.serverNet);
            assertThat(atServer).hasSize(n + 1);
            for (int i = 0; i < n; i++) {
                NetEvent e = atServer.get(i);
                assertThat(e.type()).isEqualTo(DATA);
                assertThat(e.data()).as("message %d", i).isEqualTo(numbered(i));
                assertThat(e.sequence()).isEqualTo(i / 2);
            }
            assertThat(atServer.get(n).type()).isEqualTo(DISCONNECTED);
            assertThat(atServer.get(n).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
            assertThat(pair.disconnected(pair.clientNet).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
            assertThat(pair.client.state()).isEqualTo(PeerState.DISCONNECTED);
        }
    }

    @EachTransport
    void closeWhileConnectingStillDeliversWhatWasQueued(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            Peer client = clientNet.connect(t.connectUri(host));
            for (int i = 0; i < 100; i++) {
                client.send(numbered(i));
            }
            client.close();
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> loop.of(serverNet, DISCONNECTED).size() == 1
                            && loop.of(clientNet, DISCONNECTED).size() == 1))
                    .isTrue();

            List<NetEvent> atServer = loop.events(serverNet);
            assertThat(atServer).hasSize(102);
            assertThat(atServer.get(0).type()).isEqualTo(CONNECTED);
            for (int i = 0; i < 100; i++) {
                assertThat(atServer.get(1 + i).data()).isEqualTo(numbered(i));
            }
            assertThat(atServer.get(101).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
            assertThat(loop.of(clientNet, DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
            assertThat(loop.of(clientNet, CONNECTED))
                    .as("closed before it was announced")
                    .isEmpty();
        }
    }

    @EachTransport
    void closeNowDropsTheQueueAndEndsOnTheNextPoll(Transport t) {
        try (Pair pair = Pair.open(t)) {
            for (int i = 0; i < 1_000; i++) {
                pair.client.send(numbered(i));
            }
            pair.client.closeNow();
            assertThat(pair.client.send(numbered(0))).isEqualTo(SendResult.NOT_CONNECTED);

            List<NetEvent> next = pair.clientNet.poll();
            assertThat(next).extracting(NetEvent::type).containsExactly(DISCONNECTED);
            assertThat(next.get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
            assertThat(pair.client.state()).isEqualTo(PeerState.DISCONNECTED);

            assertThat(pair.loop.until(() -> pair.disconnected(pair.serverNet).size() == 1))
                    .isTrue();
            pair.loop.pollOnce();
            assertThat(pair.loop.events(pair.serverNet))
                    .as("nothing queued was sent")
                    .extracting(NetEvent::type)
                    .containsExactly(DISCONNECTED);
            // one CLOSE is written without waiting; a tcp:// stream may end before it is read
            assertThat(pair.disconnected(pair.serverNet).get(0).reason())
                    .isIn(DisconnectReason.CONNECTION_LOST, DisconnectReason.CLOSED_BY_PEER);
            assertThat(pair.loop.events(pair.clientNet))
                    .as("one DISCONNECTED only")
                    .isEmpty();
        }
    }

    @EachTransport
    void closingAHostEndsItsPeersWithHostClosedHereAndClosedByPeerThere(Transport t) {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            String uri = t.connectUri(host);
            clientNet.connect(uri);
            clientNet.connect(uri);
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> loop.of(clientNet, CONNECTED).size() == 2
                            && loop.of(serverNet, CONNECTED).size() == 2))
                    .isTrue();

            host.broadcast(0, "bye".getBytes(UTF_8), Delivery.RELIABLE);
            host.close();
            assertThat(host.isOpen()).isFalse();
            assertThat(loop.until(() -> loop.of(clientNet, DISCONNECTED).size() == 2
                            && loop.of(serverNet, DISCONNECTED).size() == 2))
                    .isTrue();

            assertThat(loop.of(serverNet, DISCONNECTED))
                    .extracting(NetEvent::reason)
                    .containsOnly(DisconnectReason.HOST_CLOSED);
            assertThat(loop.of(clientNet, DISCONNECTED))
                    .extracting(NetEvent::reason)
                    .containsOnly(DisconnectReason.CLOSED_BY_PEER);
            assertThat(loop.of(clientNet, DATA))
                    .as("sent before the close, so delivered")
                    .hasSize(2);
            assertThat(host.peers()).isEmpty();

            loop.clear();
            clientNet.connect(uri);
            assertThat(loop.until(() -> loop.of(clientNet, DISCONNECTED).size() == 1))
                    .isTrue();
            assertThat(loop.of(clientNet, DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CONNECT_FAILED);
        }
    }

    @EachTransport
    void closingTheNetTellsListenersNetClosedAndTheOtherSideClosedByPeer(Transport t) {
        Net serverNet = Net.open();
        Net listeningClientNet = Net.open();
        try (Net eventClientNet = Net.open()) {
            Recorder atServer = new Recorder();
            Recorder atClient = new Recorder();
            Host host = serverNet.listen(t.listenUri(), atServer);
            String uri = t.connectUri(host);
            listeningClientNet.connect(uri, atClient);
            eventClientNet.connect(uri);
            Loop loop = new Loop(serverNet, listeningClientNet, eventClientNet);
            assertThat(loop.until(() -> atServer.connected.size() == 2
                            && atClient.connected.size() == 1
                            && loop.of(eventClientNet, CONNECTED).size() == 1))
                    .isTrue();

            listeningClientNet.close();
            assertThat(atClient.calls).containsExactly("connected", "disconnected NET_CLOSED");
            Loop rest = new Loop(serverNet, eventClientNet);
            assertThat(rest.until(() -> atServer.calls.size() == 3)).isTrue();
            assertThat(atServer.calls).endsWith("disconnected CLOSED_BY_PEER");

            serverNet.close();
            assertThat(atServer.calls).hasSize(4).endsWith("disconnected NET_CLOSED");
            assertThat(atServer.threads).containsExactly(Thread.currentThread());
            assertThatThrownBy(serverNet::poll).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(listeningClientNet::poll).isInstanceOf(IllegalStateException.class);

            Loop eventClient = new Loop(eventClientNet);
            assertThat(eventClient.until(
                            () -> !eventClient.events(eventClientNet).isEmpty()))
                    .isTrue();
            List<NetEvent> atEventClient = eventClient.events(eventClientNet);
            assertThat(atEventClient).extracting(NetEvent::type).containsExactly(DISCONNECTED);
            assertThat(atEventClient.get(0).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
        } finally {
            listeningClientNet.close();
            serverNet.close();
        }
    }

    @EachTransport
    void connectingWhereNothingListensEndsInExactlyOneConnectFailed(Transport t) throws IOException {
        try (Net net = Net.open()) {
            Recorder recorder = new Recorder();
            // udp:// learns it from an ICMP port unreachable; should that not come, the short timeout ends it
            String uri = t.connectUri(t.closedPort(), "?connectTimeout=200ms");
            Peer peer = net.connect(uri);
            Peer withListener = net.connect(uri, recorder);
            assertThat(peer.send("queued while connecting".getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
            Loop loop = new Loop(net);
            assertThat(loop.until(() ->
                            peer.state() == PeerState.DISCONNECTED && withListener.state() == PeerState.DISCONNECTED))
                    .isTrue();
            loop.pollFor(Duration.ofMillis(400)); // past the connect timeout: a refused connect must not also time out

            assertThat(loop.events(net)).extracting(NetEvent::type).containsExactly(DISCONNECTED);
            assertThat(loop.events(net).get(0).peer()).isSameAs(peer);
            assertThat(loop.events(net).get(0).reason()).isEqualTo(DisconnectReason.CONNECT_FAILED);
            assertThat(recorder.calls).containsExactly("disconnected CONNECT_FAILED");
            assertThat(peer.send(new byte[1])).isEqualTo(SendResult.NOT_CONNECTED);
        }
    }

    @EachTransport
    void aThrowingListenerIsRethrownByPollButLosesNoData(Transport t) {
        RuntimeException bug = new IllegalStateException("a bug in the game's handler");
        List<String> seen = new ArrayList<>();
        Listener listener = new Listener() {
            @Override
            public void onData(Peer peer, int channel, byte[] data, long sequence) {
                String text = new String(data, UTF_8);
                seen.add(text);
                if (text.equals("boom")) {
                    throw bug;
                }
            }
        };
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri(), listener);
            Peer client = clientNet.connect(t.connectUri(host));
            for (String s : new String[] {"a", "boom", "c"}) {
                client.send(s.getBytes(UTF_8));
            }
            List<RuntimeException> thrown = pollCatching(serverNet, clientNet, () -> seen.size() >= 3);
            assertThat(thrown).containsExactly(bug);
            assertThat(seen).containsExactly("a", "boom", "c");

            client.send("d".getBytes(UTF_8));
            assertThat(pollCatching(serverNet, clientNet, () -> seen.size() >= 4))
                    .isEmpty();
            assertThat(seen).endsWith("d");
        }
    }

    /** The events a poll gathered for event-style peers survive a listener that throws in the same poll. */
    @EachTransport
    void aThrowingListenerDoesNotLoseTheEventsOfOtherPeers(Transport t) {
        RuntimeException bug = new IllegalStateException("a bug in the game's handler");
        Listener throwing = new Listener() {
            @Override
            public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
                throw bug;
            }
        };
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(t.listenUri());
            String uri = t.connectUri(host);
            Peer withListener = clientNet.connect(uri, throwing);
            Peer withEvents = clientNet.connect(uri);
            List<NetEvent> events = new ArrayList<>();
            Loop server = new Loop(serverNet);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.isEmpty() || withListener.state() != PeerState.CONNECTED) {
                assertThat(System.nanoTime()).isLessThan(end);
                server.pollOnce();
                events.addAll(clientNet.poll(Duration.ofMillis(1)));
            }
            assertThat(events).extracting(NetEvent::type).containsExactly(CONNECTED);

            // both end in the same poll: the listener throws, the other peer's DISCONNECTED must survive
            withListener.closeNow();
            withEvents.closeNow();
            List<RuntimeException> thrown = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                try {
                    events.addAll(clientNet.poll());
                } catch (RuntimeException e) {
                    thrown.add(e);
                }
            }
            assertThat(thrown).containsExactly(bug);
            assertThat(events).extracting(NetEvent::type).containsExactly(CONNECTED, DISCONNECTED);
            assertThat(events.get(1).peer()).isSameAs(withEvents);
        }
    }

    /** Polls both nets until {@code done}, collecting what the server's poll throws. */
    private static List<RuntimeException> pollCatching(
            Net serverNet, Net clientNet, java.util.function.BooleanSupplier done) {
        List<RuntimeException> thrown = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            clientNet.poll();
            try {
                serverNet.poll(Duration.ofMillis(1));
            } catch (RuntimeException e) {
                thrown.add(e);
            }
        }
        return thrown;
    }
}
