package io.netloop;

import static io.netloop.UdpWireBytes.CLOSE_PROTOCOL;
import static io.netloop.UdpWireBytes.FRAME_CLOSE;
import static io.netloop.UdpWireBytes.PACKET;
import static io.netloop.UdpWireBytes.ack;
import static io.netloop.UdpWireBytes.bytes;
import static io.netloop.UdpWireBytes.connectionId;
import static io.netloop.UdpWireBytes.fragment;
import static io.netloop.UdpWireBytes.frames;
import static io.netloop.UdpWireBytes.message;
import static io.netloop.UdpWireBytes.type;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netloop.UdpWireBytes.Frame;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stranger that made a correct handshake by hand, then replays, lies or floods: it ends only its
 * own connection, with {@code PROTOCOL_ERROR} and a CLOSE that says so, or it is held to fixed
 * bounds, while a well-behaved client on the same {@code udp://} host carries on.
 */
@Timeout(30)
class UdpHostileConnectionTest {
    private static final int MAX = 16 * 1024; // the host's maxMessage in most tests

    private UdpHostFixture f;

    @AfterEach
    void close() throws IOException {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void replayedPacketIsDeliveredOnce() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.handshakenStranger(11);
        Peer peer = f.hostPeerOf(stranger);

        byte[] packet = stranger.sendPacket(
                message(Delivery.UNRELIABLE, 1, 0, text("lossy")), message(Delivery.RELIABLE, 2, 0, text("sure")));
        stranger.send(packet);
        stranger.send(packet);

        assertThat(f.until(() -> peer.stats().datagramsDropped() == 2))
                .as("both copies dropped as duplicates")
                .isTrue();
        f.pollAWhile();
        assertThat(f.texts(f.hostNet, peer)).containsExactlyInAnyOrder("lossy", "sure");
        assertThat(peer.stats().packetsReceived()).isEqualTo(1);
        assertThat(peer.state()).isEqualTo(PeerState.CONNECTED);
        f.assertGoodClientExchanges();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void malformedOrLyingFramesEndOnlyThatConnection(String name, List<byte[]> packets) throws IOException {
        f = UdpHostFixture.start("?maxMessage=16KiB");
        RawUdp stranger = f.handshakenStranger(12);
        Peer peer = f.hostPeerOf(stranger);

        for (byte[] frames : packets) {
            stranger.sendPacket(frames);
        }

        NetEvent gone = f.disconnectOf(peer);
        assertThat(gone.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertThat(gone.detail()).isNotBlank();
        assertThat(closeCodeIn(stranger.receive(d -> type(d) == PACKET && closeCodeIn(d) >= 0)))
                .as("the stranger is told why")
                .isEqualTo(CLOSE_PROTOCOL);
        assertThat(f.host.peers()).containsExactly(f.goodOnHost);
        f.assertGoodClientExchanges();
    }

    static Stream<Arguments> lies() {
        int size = 1000; // fragments of a 3,000-byte message in 3 parts
        return Stream.of(
                arguments("an unknown frame kind 0x7f", List.of(bytes(0x7f))),
                arguments("frame kind 0x04", List.of(bytes(0x04, 0, 0))),
                arguments("a MESSAGE header cut short", List.of(bytes(0x10, 0, 0, 0))),
                arguments("a MESSAGE longer than its packet", List.of(bytes(0x10, 0, 0, 0, 0, 0, 0x04, 0, 1, 2))),
                arguments("an ACK of a packet never sent", List.of(ack(0x7fff_0000))),
                arguments("an ACK whose bitmap overruns the packet", List.of(bytes(0x01, 0, 0, 0, 0, 200, 1, 2))),
                arguments("a CLOSE whose reason overruns the packet", List.of(bytes(0x03, 0, 100, 'x'))),
                arguments("a fragment of count 1", List.of(fragment(Delivery.RELIABLE, 0, 0, 0, 1, 4, new byte[4]))),
                arguments(
                        "a RELIABLE sequence more than 2^20 ahead",
                        List.of(message(Delivery.RELIABLE, 0, (1 << 20) + 5, bytes(1)))),
                arguments(
                        "a fragment claiming a message of maxMessage + 1",
                        List.of(fragment(Delivery.UNRELIABLE, 0, 0, 0, MAX / 1000 + 1, MAX + 1, new byte[1000]))),
                arguments(
                        "a reliable fragment claiming maxMessage + 1",
                        List.of(fragment(Delivery.RELIABLE, 0, 0, 0, MAX / 1000 + 1, MAX + 1, new byte[1000]))),
                arguments(
                        "a fragment shorter than total / count says",
                        List.of(fragment(Delivery.RELIABLE, 0, 0, 0, 3, 3 * size, new byte[size - 1]))),
                arguments(
                        "a last fragment longer than the rest of the message",
                        List.of(fragment(Delivery.RELIABLE_UNORDERED, 0, 2, 2, 3, 3 * size - 10, new byte[size]))),
                arguments(
                        "a fragment index past its count",
                        List.of(fragment(Delivery.UNRELIABLE, 0, 3, 3, 3, 3 * size, new byte[size]))),
                arguments(
                        "a total smaller than the count",
                        List.of(fragment(Delivery.SEQUENCED, 0, 0, 0, 5, 4, new byte[1]))),
                arguments(
                        "two fragments of one message that disagree on its total",
                        List.of(
                                fragment(Delivery.UNRELIABLE, 0, 0, 0, 3, 3 * size, new byte[size]),
                                fragment(Delivery.UNRELIABLE, 0, 1, 1, 3, 3 * size + 3, new byte[size + 1]))),
                arguments(
                        "a whole message of maxMessage + 1 bytes, in one large datagram",
                        List.of(message(Delivery.UNRELIABLE, 0, 0, new byte[MAX + 1]))));
    }

    @Test
    void floodOfNeverCompletedLossyMessagesIsEvictedNotHoarded() throws IOException {
        f = UdpHostFixture.start(""); // maxMessage 1 MiB: hoarding 2,000 claims would take 2 GiB
        RawUdp stranger = f.handshakenStranger(13);
        Peer peer = f.hostPeerOf(stranger);
        int total = 1 << 20;
        int count = 1024; // fragments of 1,024 bytes
        int messages = 2_000;

        for (int m = 0; m < messages; m++) {
            // the first fragment of message m (its id is its sequence minus its index), never the rest
            stranger.sendPacket(fragment(Delivery.UNRELIABLE, m % 4, m * count, 0, count, total, new byte[1024]));
            if (m % 50 == 49) { // in batches that fit any socket buffer
                long received = m + 1;
                assertThat(f.until(() -> peer.stats().packetsReceived() == received))
                        .isTrue();
            }
        }

        assertThat(peer.state()).as("lossy junk is not an error").isEqualTo(PeerState.CONNECTED);
        assertThat(peer.stats().datagramsDropped())
                .as("at most 2 x maxMessage is kept for lossy fragments: the rest are evicted or dropped")
                .isGreaterThanOrEqualTo(messages - 2);
        stranger.sendPacket(message(Delivery.UNRELIABLE, 0, messages * count, text("still here")));
        assertThat(f.until(() -> f.texts(f.hostNet, peer).contains("still here")))
                .isTrue();
        assertThat(f.data(f.hostNet, peer)).hasSize(1);
        f.assertGoodClientExchanges();
    }

    @Test
    void reliableFloodAheadOfAGapEndsTheConnectionAtTheReceiveWindow() throws IOException {
        f = UdpHostFixture.start("?sendQueue=64KiB&maxMessage=16KiB");
        long window = 2 * 64 * 1024 + 16 * 1024; // 2 x sendQueue + maxMessage, per docs/PROTOCOL.md
        RawUdp stranger = f.handshakenStranger(14);
        Peer peer = f.hostPeerOf(stranger);
        int sent = 0;

        // message 0 never comes, so every later one has to be held
        while (peer.state() != PeerState.DISCONNECTED && sent < 1_000) {
            sent++;
            stranger.sendPacket(message(Delivery.RELIABLE, 0, sent, new byte[1000]));
            if (sent % 10 == 0) {
                f.loop.pollOnce();
            }
        }

        NetEvent gone = f.disconnectOf(peer);
        assertThat(gone.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertThat(sent)
                .as("the connection ends once the held bytes pass the receive window")
                .isBetween((int) (window / 1048), (int) (window / 1000) + 20);
        assertThat(f.data(f.hostNet, peer)).isEmpty();
        f.assertGoodClientExchanges();
    }

    @Test
    void clientWhoseAddressChangesKeepsItsPeer() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp before = f.handshakenStranger(15);
        Peer peer = f.hostPeerOf(before);
        byte[] first = before.sendPacket(message(Delivery.RELIABLE, 0, 0, text("from the old port")));
        assertThat(f.until(() -> f.texts(f.hostNet, peer).size() == 1)).isTrue();

        RawUdp after = f.stranger(); // the same client, after its NAT gave it a new port
        after.adopt(before);
        after.sendPacket(message(Delivery.RELIABLE, 0, 1, text("from the new port")));

        assertThat(f.until(() -> f.texts(f.hostNet, peer).size() == 2)).isTrue();
        assertThat(f.data(f.hostNet, peer)).extracting(NetEvent::sequence).containsExactly(0L, 1L);
        assertThat(f.texts(f.hostNet, peer)).containsExactly("from the old port", "from the new port");
        assertThat(peer.remoteAddress().getPort()).isEqualTo(after.localPort());
        assertThat(f.loop.of(f.hostNet, NetEvent.Type.CONNECTED)).hasSize(2); // the good client and this one
        assertThat(f.host.peers()).containsExactlyInAnyOrder(f.goodOnHost, peer);

        before.send(first); // a replay from the old address does not move the peer back
        f.pollAWhile();
        assertThat(peer.remoteAddress().getPort()).isEqualTo(after.localPort());

        before.drain();
        assertThat(peer.send(0, text("to the new port"), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        byte[] reply = after.receive(d -> type(d) == PACKET && texts(d).contains("to the new port"));
        assertThat(connectionId(reply)).isEqualTo(before.connectionId());
        assertThat(before.drain()).noneMatch(d -> type(d) == PACKET && texts(d).contains("to the new port"));
        assertThat(peer.state()).isEqualTo(PeerState.CONNECTED);
        f.assertGoodClientExchanges();
    }

    // ---- helpers ----

    private static byte[] text(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> texts(byte[] packet) {
        return frames(packet).stream()
                .filter(Frame::isMessage)
                .map(fr -> new String(fr.payload(), UTF_8))
                .toList();
    }

    /** The code of the CLOSE frame in a packet, or -1 if it has none. */
    private static int closeCodeIn(byte[] packet) {
        for (Frame fr : frames(packet)) {
            if (fr.kind() == FRAME_CLOSE) {
                return fr.code();
            }
        }
        return -1;
    }
}
