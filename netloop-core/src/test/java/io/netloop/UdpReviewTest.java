package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.UdpWireBytes.FRAME_ACK;
import static io.netloop.UdpWireBytes.FRAME_CLOSE;
import static io.netloop.UdpWireBytes.FRAME_PING;
import static io.netloop.UdpWireBytes.HELLO;
import static io.netloop.UdpWireBytes.PACKET;
import static io.netloop.UdpWireBytes.bytes;
import static io.netloop.UdpWireBytes.challenge;
import static io.netloop.UdpWireBytes.fragment;
import static io.netloop.UdpWireBytes.frames;
import static io.netloop.UdpWireBytes.hello;
import static io.netloop.UdpWireBytes.message;
import static io.netloop.UdpWireBytes.number;
import static io.netloop.UdpWireBytes.type;
import static io.netloop.UdpWireBytes.welcome;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netloop.UdpWireBytes.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review of the {@code udp://} transport: each test states a promise of README.md or
 * docs/PROTOCOL.md and drives the case where it is easiest to break.
 */
@Timeout(60)
class UdpReviewTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    // ---- the handshake ----

    /**
     * A host that listens on every interface answers from whichever address the system picks, which
     * need not be the one the client sent to (a second address of the machine; on Linux any of
     * 127/8 is one). The client's socket is connected to the address it dialled and drops the
     * answers. A tcp:// host on the same machine and address is reachable.
     */
    @Test
    void aWildcardHostIsReachableAtEachOfItsAddresses() throws IOException {
        Assumptions.assumeTrue(secondLoopbackWorks(), "127.0.0.2 is a local address here");
        Loop loop = new Loop();
        Net hostNet = net(loop, NetConfig.defaults());
        Net clientNet = net(loop, NetConfig.defaults());
        Host host = hostNet.listen("udp://0.0.0.0:0");

        Peer client = clientNet.connect("udp://127.0.0.2:" + host.port() + "?connectTimeout=2s");

        assertThat(loop.until(() -> client.state() != PeerState.CONNECTING, Duration.ofSeconds(5)))
                .isTrue();
        assertThat(client.state()).as("%s", loop.of(clientNet, DISCONNECTED)).isEqualTo(PeerState.CONNECTED);
    }

    /**
     * A server that shuts down from inside a listener, as a join arrives: the player who just joined
     * is closed like every other peer and told why. The host's socket is closed under it instead,
     * because the new peer is not yet in the host's table of connections.
     */
    @Test
    void closingTheHostFromOnConnectedStillTellsThePeer() {
        Loop loop = new Loop();
        Net hostNet = net(loop, NetConfig.defaults());
        Net clientNet = net(loop, NetConfig.defaults());
        Host[] host = new Host[1];
        host[0] = hostNet.listen("udp://127.0.0.1:0", new Listener() {
            @Override
            public void onConnected(Peer peer) {
                host[0].close();
            }
        });
        Peer client = clientNet.connect("udp://127.0.0.1:" + host[0].port() + "?timeout=3s");

        assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED, Duration.ofSeconds(6)))
                .isTrue();
        NetEvent end = loop.of(clientNet, DISCONNECTED).get(0);
        assertThat(end.reason()).as(end.detail()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
    }

    /**
     * A HELLO that arrives again (duplicated or late on the network, or replayed) after its
     * connection ended makes a new connection out of the old cookie: a player who left shows up
     * again, and the host waits for its timeout to see it go.
     */
    @Test
    void aHelloRepeatedAfterItsConnectionEndedMakesNoNewPeer() throws IOException {
        UdpHostFixture f = fixture("");
        RawUdp stranger = f.handshakenStranger(51);
        Peer peer = f.hostPeerOf(stranger);
        stranger.sendPacket(bytes(FRAME_CLOSE, 0, 0));
        assertThat(f.disconnectOf(peer).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);

        stranger.send(hello(51, stranger.cookie())); // the same datagram as the second HELLO, 1 s later
        f.pollAWhile();

        assertThat(f.loop.of(f.hostNet, CONNECTED))
                .as("CONNECTED events: the good client, the stranger, and nobody else")
                .hasSize(2);
        assertThat(f.host.peers()).containsExactly(f.goodOnHost);
    }

    // ---- hostile input ----

    /**
     * 5 bytes in 4 fragments passes every check (index below count, total at least count, the
     * fragment as long as ceil(5 / 4) = 2), yet fragment 2 would be copied to bytes 4 and 5 of a
     * 5-byte message.
     */
    @ParameterizedTest
    @EnumSource(Delivery.class)
    void fragmentsWhoseCountAndTotalDisagreeEndOnlyTheirConnection(Delivery delivery) throws IOException {
        UdpHostFixture f = fixture("");
        RawUdp stranger = f.handshakenStranger(21);
        Peer peer = f.hostPeerOf(stranger);

        for (int index = 0; index < 3; index++) { // in order, so that RELIABLE takes them too
            stranger.sendPacket(fragment(delivery, 0, index, index, 4, 5, new byte[2]));
        }

        assertThatCode(() -> f.until(() -> peer.state() == PeerState.DISCONNECTED))
                .as("the host's poll() survives the stranger's fragments")
                .doesNotThrowAnyException();
        assertThat(f.disconnectOf(peer).reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        f.assertGoodClientExchanges();
    }

    // ---- sending ----

    /**
     * A game's usual traffic: the host sends a snapshot every frame, so the client owes an ACK at
     * every flush. The client's upload must still go out; it needs a few round trips, not seconds.
     */
    @Test
    void fullSizePacketsGoOutWhileAnAcknowledgementIsOwedEveryFrame() {
        FakeClock clock = new FakeClock();
        Pair p = pair(clock, "", "");
        byte[] upload = pattern(100_000); // 86 fragments of 1,163 bytes: each fills a packet but for an ACK
        assertThat(p.client.send(0, upload, Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);

        int frames = 0;
        while (p.data(p.serverNet, 0).isEmpty() && frames < 60) { // 60 frames of 16 ms: under a second
            p.server.send(1, pattern(40), Delivery.UNRELIABLE); // this frame's snapshot
            p.loop.pollNow();
            clock.advance(Duration.ofMillis(16));
            frames++;
        }

        assertThat(p.data(p.serverNet, 0))
                .as(
                        "the 100 KB upload arrived within %d frames; the client sent %d packets",
                        frames, p.client.stats().packetsSent())
                .hasSize(1);
        assertThat(p.data(p.serverNet, 0).get(0).data()).isEqualTo(upload);
    }

    // ---- receiving ----

    /**
     * PROTOCOL.md: "an honest sender never has more than its sendQueue unacknowledged, so a peer
     * past that limit is disconnected". The client keeps to its 64 KiB, but the host charges each
     * message held behind a gap its 8 bytes plus 48 for bookkeeping, so one lost packet in a
     * stream of small events is taken for a flood.
     */
    @Test
    void anHonestSenderOfSmallMessagesOnALossyLinkIsNotAProtocolError() {
        String limits = "?sendQueue=64KiB&maxMessage=64KiB";
        Pair p = Pair.open(Transport.UDP, limits, limits + "&sim.loss=0.01&sim.seed=7");
        open.add(p);
        int total = 200_000;
        int next = 0;
        long got = 0;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got < total && p.server.state() == PeerState.CONNECTED && System.nanoTime() - end < 0) {
            while (next < total && p.client.send(0, event(next), Delivery.RELIABLE) == SendResult.QUEUED) {
                next++;
            }
            p.loop.pollOnce();
            for (NetEvent e : p.data(p.serverNet, 0)) {
                assertThat(e.data()).isEqualTo(event((int) got++));
            }
            if (p.server.state() == PeerState.CONNECTED) {
                p.loop.clear();
            }
        }

        assertThat(p.disconnected(p.serverNet))
                .as(
                        "the host's end, after %d of %d eight-byte messages; the client never had more than"
                                + " its 64 KiB unacknowledged",
                        got, total)
                .isEmpty();
        assertThat(got).isEqualTo(total);
    }

    /**
     * PROTOCOL.md: "lossy fragments are kept for at most four incomplete messages per channel and
     * 2 x maxMessage bytes per connection, the oldest incomplete message going first". Two large
     * UNRELIABLE messages that each lost a fragment (lossy fragments are never sent again) on two
     * quiet channels fill the connection's budget; only their own channels can evict them, so every
     * fragmented snapshot on a third channel is dropped from then on.
     */
    @Test
    void incompleteLossyMessagesOnQuietChannelsDoNotBlockOtherChannels() throws IOException {
        UdpHostFixture f = fixture("?maxMessage=64KiB");
        RawUdp stranger = f.handshakenStranger(71);
        Peer peer = f.hostPeerOf(stranger);
        int big = 64 * 1024;
        for (int channel : new int[] {5, 6}) {
            List<byte[]> parts = fragments(Delivery.UNRELIABLE, channel, 0, new byte[big]);
            for (int i = 1; i < parts.size(); i++) { // fragment 0 was lost on the way
                stranger.sendPacket(parts.get(i));
            }
        }
        for (int n = 0; n < 5; n++) { // five snapshots of 3,000 bytes, each complete
            for (byte[] part : fragments(Delivery.SEQUENCED, 1, n * 3, stamped(1, n, 3_000))) {
                stranger.sendPacket(part);
            }
        }
        f.pollAWhile();

        assertThat(f.data(f.hostNet, peer))
                .as(
                        "complete snapshots delivered on channel 1; the host's peer dropped %d datagrams",
                        peer.stats().datagramsDropped())
                .isNotEmpty();
    }

    /**
     * PROTOCOL.md: an ACK's "bitmap reaches back to the oldest packet that arrived since its last
     * ACK, and 32 packets further, so one lost ACK costs nothing". Here 100 packets arrive in one
     * poll, their ACK is lost, and one more packet arrives.
     */
    @Test
    void oneLostAckCostsNothing() throws IOException {
        UdpHostFixture f = fixture("");
        RawUdp stranger = f.handshakenStranger(41);
        for (int i = 0; i < 100; i++) {
            stranger.sendPacket(bytes(FRAME_PING)); // packets 0 to 99, before the host polls
        }
        Set<Integer> first = acked(stranger.receive(d -> type(d) == PACKET && !acked(d).isEmpty()));
        assertThat(first).as("the first ACK").contains(0, 99);
        f.pollAWhile();
        stranger.drain(); // that ACK was lost on the way

        stranger.sendPacket(bytes(FRAME_PING)); // packet 100
        Set<Integer> next = acked(stranger.receive(d -> type(d) == PACKET && acked(d).contains(100)));

        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            if (!next.contains(i)) {
                missing.add(i);
            }
        }
        assertThat(missing.size())
                .as(
                        "packets that arrived but that no ACK the stranger got names (%s): it judges them lost"
                                + " and sends them again",
                        missing.isEmpty() ? "none" : missing.get(0) + " to " + missing.get(missing.size() - 1))
                .isZero();
    }

    /**
     * A peer whose data went out is off the dirty list; only its probe timer brings the data back.
     * One poll(Duration) must wake for that timer and send again, even though no event comes.
     */
    @Test
    void aLostPacketIsSentAgainDuringOneLongPollWithoutEvents() throws IOException {
        Loop loop = new Loop();
        Net clientNet = net(loop, NetConfig.defaults());
        RawUdp fakeHost = raw(RawUdp.listening(loop::until));
        Peer client = clientNet.connect("udp://127.0.0.1:" + fakeHost.localPort());
        welcomeByHand(fakeHost, fakeHost.receive(d -> type(d) == HELLO));
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();
        clientNet.poll();
        fakeHost.drain();

        client.send(0, "lost".getBytes(UTF_8), Delivery.RELIABLE);
        clientNet.poll(); // sent; the fake host never acknowledges
        assertThat(clientNet.poll(Duration.ofMillis(1500))).isEmpty();

        long copies = fakeHost.drain().stream()
                .filter(d -> type(d) == PACKET && frames(d).stream().anyMatch(Frame::isMessage))
                .count();
        assertThat(copies)
                .as("the first send and at least two probes (after ~300 ms and ~900 ms)")
                .isGreaterThanOrEqualTo(3);
    }

    /** A peer may start its packet numbers anywhere; they are compared modulo 2^32. */
    @Test
    void packetNumbersThatWrapAroundAreAcceptedOnceAndAcknowledged() throws IOException {
        UdpHostFixture f = fixture("");
        RawUdp stranger = f.handshakenStranger(61);
        Peer peer = f.hostPeerOf(stranger);
        long id = stranger.connectionId();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 32; i++) { // packet numbers 2^32 - 16 to 15
            sent.add(UdpWireBytes.packet(id, i - 16, message(Delivery.RELIABLE, 0, i, new byte[] {(byte) i})));
        }
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 15, 17, 18, 19, 20, 21, 22, 23}) {
            stranger.send(sent.get(i)); // 15 and 16 swapped across the wrap
        }
        stranger.send(sent.get(3)); // duplicates from before the wrap, after it
        stranger.send(sent.get(15));
        for (int i = 24; i < 32; i++) {
            stranger.send(sent.get(i));
        }

        assertThat(f.until(() -> f.data(f.hostNet, peer).size() == 32)).isTrue();
        f.pollAWhile();
        assertThat(f.data(f.hostNet, peer))
                .extracting(e -> (int) e.data()[0])
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 32).boxed().toList());
        assertThat(peer.stats().datagramsDropped()).isEqualTo(2);
        stranger.sendPacket(bytes(FRAME_PING));
        Set<Integer> acked = new TreeSet<>();
        for (byte[] d : stranger.drain()) {
            acked.addAll(acked(d));
        }
        f.pollAWhile();
        for (byte[] d : stranger.drain()) {
            acked.addAll(acked(d));
        }
        assertThat(acked).contains(-16, -1, 0, 15);
        assertThat(peer.state()).isEqualTo(PeerState.CONNECTED);
    }

    /**
     * The sender's congestion control compares packet numbers with the start of the last
     * recovery, which begins as -1. Once the numbers pass 2^31 after that start (a connection that
     * sent 2^31 packets since its last loss, days at a high rate), every comparison flips: the
     * window stops growing, and losses no longer shrink it. Driven here by moving the counters.
     */
    @Test
    void theWindowStillGrowsAfterThePacketNumbersPass2To31() throws ReflectiveOperationException {
        FakeClock clock = new FakeClock();
        Pair p = pair(clock, "", "");
        Object sender = field(p.server, "sender");
        int start = 0x7fff_fff0; // 15 packets before the numbers pass 2^31 - 1
        set(sender, "nextNumber", start);
        set(sender, "scanFrom", start);
        set(sender, "largestAcked", start - 1);
        long before = (long) field(sender, "window");

        for (int i = 0; i < 400; i++) {
            p.server.send(0, pattern(1_000), Delivery.RELIABLE);
        }
        for (int i = 0; i < 200 && p.data(p.clientNet, 0).size() < 400; i++) {
            p.loop.pollNow();
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(p.data(p.clientNet, 0)).hasSize(400);
        assertThat((long) field(sender, "window"))
                .as("the window after 400 KB acknowledged without a loss, from %d bytes", before)
                .isGreaterThan(200_000L);
    }

    /**
     * Fragmented and whole messages of both reliable modes on four channels at once, both ways,
     * on a link that loses, duplicates and reorders: each RELIABLE channel keeps its order, every
     * message arrives once and intact.
     */
    @Test
    void fragmentedReliableTrafficOnSeveralChannelsSurvivesABadLink() {
        Pair p = Pair.open(
                Transport.UDP,
                "",
                "?sim.loss=0.15&sim.dup=0.1&sim.reorder=0.1&sim.latency=2ms&sim.jitter=3ms&sim.seed=11");
        open.add(p);
        int perChannel = 60;
        int[] sizes = {4, 5, 1179, 1180, 2342, 2343, 5000, 30_000};
        int[][] next = new int[2][4];
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() - end < 0
                && (p.data(p.serverNet).size() < 4 * perChannel
                        || p.data(p.clientNet).size() < 4 * perChannel)) {
            for (int side = 0; side < 2; side++) {
                Peer from = side == 0 ? p.client : p.server;
                for (int ch = 0; ch < 4; ch++) {
                    if (next[side][ch] < perChannel) {
                        int i = next[side][ch];
                        byte[] m = stamped(ch, i, sizes[(i + ch) % sizes.length]);
                        Delivery d = ch < 2 ? Delivery.RELIABLE : Delivery.RELIABLE_UNORDERED;
                        if (from.send(ch, m, d) == SendResult.QUEUED) {
                            next[side][ch]++;
                        }
                    }
                }
            }
            p.loop.pollOnce();
        }
        assertThat(p.disconnected(p.serverNet)).isEmpty();
        assertThat(p.disconnected(p.clientNet)).isEmpty();
        for (Net net : List.of(p.serverNet, p.clientNet)) {
            for (int ch = 0; ch < 4; ch++) {
                List<NetEvent> got = p.data(net, ch);
                BitSet seen = new BitSet();
                for (int k = 0; k < got.size(); k++) {
                    byte[] d = got.get(k).data();
                    int i = index(d);
                    assertThat(d).as("channel %d message %d intact", ch, i).isEqualTo(stamped(ch, i, d.length));
                    assertThat(seen.get(i))
                            .as("channel %d message %d twice", ch, i)
                            .isFalse();
                    seen.set(i);
                    if (ch < 2) {
                        assertThat(i).as("channel %d in order", ch).isEqualTo(k);
                    }
                }
                assertThat(seen.cardinality()).as("channel %d complete", ch).isEqualTo(perChannel);
            }
        }
    }

    // ---- closing ----

    /**
     * PROTOCOL.md: "A side that closes gracefully waits until everything it sent reliably is
     * acknowledged, then sends CLOSE". An empty message is a message too (a "ready" signal).
     */
    @Test
    void gracefulCloseWaitsForAnEmptyReliableMessageToBeAcknowledged() throws IOException {
        Loop loop = new Loop();
        Net clientNet = net(loop, NetConfig.defaults());
        RawUdp fakeHost = raw(RawUdp.listening(loop::until));
        Peer client = clientNet.connect("udp://127.0.0.1:" + fakeHost.localPort());
        welcomeByHand(fakeHost, fakeHost.receive(d -> type(d) == HELLO));
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();

        assertThat(client.send(0, new byte[0], Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        client.close();
        byte[] carrier =
                fakeHost.receive(d -> type(d) == PACKET && frames(d).stream().anyMatch(Frame::isMessage));
        for (int i = 0; i < 20; i++) {
            loop.pollOnce();
        }
        List<byte[]> more = fakeHost.drain(); // nothing acknowledged yet: the message is in flight

        assertThat(more)
                .as(
                        "packet %d carried the empty message; no CLOSE may follow before it is acknowledged",
                        number(carrier))
                .noneMatch(d -> type(d) == PACKET && frames(d).stream().anyMatch(fr -> fr.kind() == FRAME_CLOSE));
    }

    /**
     * Both sides close at once; the host still has data in flight, so it must leave the stranger's
     * CLOSE unacknowledged (PROTOCOL.md), but a later ACK's bitmap names the CLOSE's packet anyway.
     */
    @Test
    void aCloseLeftUnacknowledgedIsNotAcknowledgedByTheNextAckBitmap() throws IOException {
        UdpHostFixture f = fixture("");
        RawUdp stranger = f.handshakenStranger(31);
        Peer peer = f.hostPeerOf(stranger);
        assertThat(peer.send(0, pattern(100), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        peer.close();
        stranger.receive(d -> type(d) == PACKET && frames(d).stream().anyMatch(Frame::isMessage)); // not acknowledged

        int closeNumber = number(stranger.sendPacket(bytes(FRAME_CLOSE, 0, 0)));
        f.pollAWhile();
        stranger.drain();
        stranger.sendPacket(bytes(FRAME_PING)); // a keep-alive, or a duplicate: the host owes an ACK
        byte[] withAck = stranger.receive(d -> type(d) == PACKET && !acked(d).isEmpty());

        assertThat(peer.state()).as("the host still waits for its data").isEqualTo(PeerState.CLOSING);
        assertThat(acked(withAck))
                .as(
                        "packets acknowledged while the host's data is unacknowledged; packet %d carried the CLOSE",
                        closeNumber)
                .doesNotContain(closeNumber);
    }

    /**
     * The same race end to end: every datagram the client sends arrives twice, so the host sees its
     * CLOSE again and acknowledges the duplicate. The client then leaves with the host's data still
     * on the way: its game never sees the data, and the host only learns of it when its close times
     * out.
     */
    @Test
    void bothSidesClosingAtOnceLoseNothing() {
        Pair p = Pair.open(Transport.UDP, "", "?sim.dup=1&sim.seed=5");
        open.add(p);
        int total = 20;
        for (int i = 0; i < total; i++) {
            assertThat(p.server.send(0, pattern(20_000 + i), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        }
        p.server.close();
        p.client.close();

        assertThat(p.loop.until(() -> p.disconnected(p.serverNet).size() == 1
                        && p.disconnected(p.clientNet).size() == 1))
                .isTrue();

        assertThat(p.data(p.clientNet, 0))
                .as(
                        "the host's messages that reached the client's game; the host ended with: %s",
                        p.disconnected(p.serverNet).get(0).detail())
                .hasSize(total);
    }

    /**
     * closeNow() and Net.close() "send one CLOSE without waiting", so the other side reports
     * CLOSED_BY_PEER. On a simulated link the CLOSE waits in the simulator's delay line, and the
     * socket is closed under it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"closeNow", "Net.close"})
    void aClientOnASimulatedLinkThatClosesAtOnceStillSaysGoodbye(String how) {
        Pair p = Pair.open(Transport.UDP, "?timeout=3s", "?sim.latency=5ms&sim.seed=3");
        open.add(p);

        Loop loop = p.loop;
        if (how.equals("closeNow")) {
            p.client.closeNow();
        } else {
            p.clientNet.close();
            loop = new Loop(p.serverNet); // the client's net is gone; poll the host alone
        }

        Loop polled = loop;
        assertThat(polled.until(() -> p.server.state() == PeerState.DISCONNECTED, Duration.ofSeconds(5)))
                .isTrue();
        NetEvent end = polled.of(p.serverNet, DISCONNECTED).get(0);
        assertThat(end.reason()).as(end.detail()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
    }

    // ---- helpers ----

    private Pair pair(FakeClock clock, String hostQuery, String clientQuery) {
        NetConfig config = NetConfig.builder().clock(clock).build();
        Pair p = Pair.open(Transport.UDP, config, config, hostQuery, clientQuery);
        open.add(p);
        return p;
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private Net net(Loop loop, NetConfig config) {
        Net net = Net.open(config);
        open.add(net);
        loop.add(net);
        return net;
    }

    private RawUdp raw(RawUdp r) {
        open.add(r);
        return r;
    }

    /** Answers a client's first HELLO as a host would: CHALLENGE, then WELCOME for 1,200 bytes. */
    private static void welcomeByHand(RawUdp fakeHost, byte[] hello) {
        long nonce = ByteBuffer.wrap(hello).getLong(6);
        fakeHost.send(challenge(nonce, new byte[16]));
        fakeHost.receive(d -> type(d) == HELLO);
        fakeHost.send(welcome(nonce, 77, 1200, 1200));
        fakeHost.useConnection(77);
    }

    /** The packet numbers that the ACK frames of a packet name, read as PROTOCOL.md says. */
    private static Set<Integer> acked(byte[] packet) {
        Set<Integer> out = new TreeSet<>();
        ByteBuffer b = ByteBuffer.wrap(packet);
        int at = UdpWireBytes.PACKET_HEADER;
        while (at < packet.length) {
            int kind = packet[at] & 0xff;
            if (kind == FRAME_ACK) {
                int largest = b.getInt(at + 1);
                int n = packet[at + 5] & 0xff;
                out.add(largest);
                for (int i = 0; i < n * 8; i++) {
                    if ((packet[at + 6 + i / 8] & (1 << (i % 8))) != 0) {
                        out.add(largest - 1 - i);
                    }
                }
                at += 6 + n;
            } else if (kind == FRAME_PING) {
                at++;
            } else {
                break; // the ACK and PING frames lead a packet
            }
        }
        return out;
    }

    private static boolean secondLoopbackWorks() {
        try (java.nio.channels.DatagramChannel c = java.nio.channels.DatagramChannel.open()) {
            c.bind(new InetSocketAddress("127.0.0.2", 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = declared(o.getClass(), name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static void set(Object o, String name, int value) throws ReflectiveOperationException {
        java.lang.reflect.Field f = declared(o.getClass(), name);
        f.setAccessible(true);
        f.setInt(o, value);
    }

    private static java.lang.reflect.Field declared(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // try the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    /** A message that names its channel and index when it has room, and has a pattern that does. */
    private static byte[] stamped(int channel, int i, int size) {
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (channel * 31 + i * 7 + j);
        }
        if (size >= 4) {
            ByteBuffer.wrap(b).putInt(i);
        }
        return b;
    }

    /** A message cut into MESSAGE frames as PROTOCOL.md says, for a 1,200-byte mtu, from sequence {@code first}. */
    private static List<byte[]> fragments(Delivery delivery, int channel, int first, byte[] data) {
        int count = (data.length + 1170) / 1171;
        int size = (data.length + count - 1) / count;
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int from = i * size;
            byte[] part = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + size));
            out.add(fragment(delivery, channel, first + i, i, count, data.length, part));
        }
        return out;
    }

    /** An eight-byte game event: its number and a value. */
    private static byte[] event(int i) {
        return ByteBuffer.allocate(8).putInt(i).putInt(i * 31).array();
    }

    private static int index(byte[] d) {
        return d.length >= 4 ? ByteBuffer.wrap(d).getInt() : -1;
    }

    private UdpHostFixture fixture(String query) {
        UdpHostFixture f = UdpHostFixture.start(query);
        open.add(f);
        return f;
    }
}
