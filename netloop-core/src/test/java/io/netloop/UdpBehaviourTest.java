package io.netloop;

import static io.netloop.UdpWireBytes.FRAME_CLOSE;
import static io.netloop.UdpWireBytes.HELLO;
import static io.netloop.UdpWireBytes.PACKET;
import static io.netloop.UdpWireBytes.ack;
import static io.netloop.UdpWireBytes.challenge;
import static io.netloop.UdpWireBytes.frames;
import static io.netloop.UdpWireBytes.number;
import static io.netloop.UdpWireBytes.type;
import static io.netloop.UdpWireBytes.welcome;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.UdpWireBytes.Frame;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What is particular to {@code udp://}: addresses, datagram sizes, failing fast, and a repeatable simulator. */
@Timeout(30)
class UdpBehaviourTest {
    private final Loop loop = new Loop();
    private final List<Net> nets = new ArrayList<>();
    private final List<RawUdp> raws = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (RawUdp r : raws) {
            r.close();
        }
        nets.forEach(Net::close);
    }

    @Test
    void ipv6LoopbackCarriesMessagesBothWays() {
        Assumptions.assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this machine");
        Net hostNet = open();
        Net clientNet = open();
        Host host = hostNet.listen("udp://[::1]:0");
        Peer client = clientNet.connect("udp://[::1]:" + host.port());
        assertThat(loop.until(() ->
                        client.state() == PeerState.CONNECTED && host.peers().size() == 1))
                .isTrue();
        Peer server = host.peers().iterator().next();

        client.send(0, "up".getBytes(UTF_8), Delivery.RELIABLE);
        server.send(0, "down".getBytes(UTF_8), Delivery.RELIABLE);

        assertThat(loop.until(() -> loop.of(hostNet, NetEvent.Type.DATA).size() == 1
                        && loop.of(clientNet, NetEvent.Type.DATA).size() == 1))
                .isTrue();
        assertThat(loop.of(hostNet, NetEvent.Type.DATA).get(0).data())
                .asString(UTF_8)
                .isEqualTo("up");
        assertThat(loop.of(clientNet, NetEvent.Type.DATA).get(0).data())
                .asString(UTF_8)
                .isEqualTo("down");
        assertThat(server.remoteAddress().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(server.remoteAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.uri()).startsWith("udp://[");
    }

    @ParameterizedTest(name = "host mtu {0}, HELLO of {1} bytes: agreed {2}")
    @CsvSource({"600, 1200, 600", "1200, 700, 700", "1200, 1200, 1200"})
    void hostNeverSendsDatagramsLargerThanTheAgreedMtu(int hostMtu, int helloSize, int agreed) throws IOException {
        Net hostNet = open();
        Host host = hostNet.listen("udp://127.0.0.1:0?mtu=" + hostMtu);
        RawUdp client = raw(new RawUdp(loop::until, new InetSocketAddress("127.0.0.1", host.port())));

        byte[] welcome = client.handshake(42, helloSize);

        assertThat(welcome).as("the WELCOME is padded to the agreed mtu").hasSize(agreed);
        assertThat(ByteBuffer.wrap(welcome).getShort(17) & 0xffff).isEqualTo(agreed);
        assertThat(loop.until(() -> host.peers().size() == 1)).isTrue();
        byte[] big = pattern(20_000);
        host.peers().iterator().next().send(0, big, Delivery.RELIABLE);
        assertThat(receiveMessage(client, agreed)).isEqualTo(big);
    }

    @Test
    void clientPadsItsHelloToItsMtuAndKeepsToTheAgreedMtu() throws IOException {
        Net clientNet = open();
        RawUdp fakeHost = raw(RawUdp.listening(loop::until));
        Peer client = clientNet.connect("udp://127.0.0.1:" + fakeHost.localPort() + "?mtu=1000");

        byte[] hello = fakeHost.receive(d -> type(d) == HELLO);
        assertThat(hello).as("the first HELLO is padded to the client's mtu").hasSize(1000);
        welcomeByHand(fakeHost, hello, 600); // this host agrees to 600 bytes only
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();

        byte[] big = pattern(20_000);
        client.send(0, big, Delivery.RELIABLE);
        assertThat(receiveMessage(fakeHost, 600)).isEqualTo(big);
    }

    @Test
    void gracefulCloseWaitsUntilEveryFragmentIsAcknowledged() throws IOException {
        Net clientNet = open();
        RawUdp fakeHost = raw(RawUdp.listening(loop::until));
        Peer client = clientNet.connect("udp://127.0.0.1:" + fakeHost.localPort());
        welcomeByHand(fakeHost, fakeHost.receive(d -> type(d) == HELLO), 1200);
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();

        client.send(0, pattern(3_000), Delivery.RELIABLE); // 3 fragments, one per packet
        client.close();
        int[] packetOf = new int[3];
        BitSet seen = new BitSet();
        while (seen.cardinality() < 3) {
            byte[] p = fakeHost.receive(d -> type(d) == PACKET);
            frames(p).stream().filter(Frame::isFragment).forEach(f -> {
                packetOf[f.index()] = number(p);
                seen.set(f.index());
            });
        }
        fakeHost.sendPacket(ack(packetOf[2])); // only the last fragment arrived

        byte[] next = fakeHost.receive(
                d -> type(d) == PACKET && frames(d).stream().anyMatch(f -> f.isFragment() || f.kind() == FRAME_CLOSE));
        assertThat(frames(next))
                .as("while fragments 0 and 1 are unacknowledged the client resends them, and says no goodbye")
                .noneMatch(f -> f.kind() == FRAME_CLOSE)
                .anyMatch(f -> f.isFragment() && f.index() < 2);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void tooLargeSendThrowsNamingMaxMessage(Delivery delivery) {
        Net hostNet = open();
        Net clientNet = open();
        Host host = hostNet.listen("udp://127.0.0.1:0");
        Peer client = clientNet.connect("udp://127.0.0.1:" + host.port() + "?maxMessage=1KiB");
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();

        assertThatThrownBy(() -> client.send(0, new byte[1025], delivery))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessage")
                .hasMessageContaining("1025");
        assertThat(client.send(0, pattern(1024), delivery)).isEqualTo(SendResult.QUEUED);

        assertThat(loop.until(() -> !loop.of(hostNet, NetEvent.Type.DATA).isEmpty()))
                .isTrue();
        assertThat(loop.of(hostNet, NetEvent.Type.DATA)).singleElement().satisfies(e -> assertThat(e.data())
                .isEqualTo(pattern(1024)));
        assertThat(client.state()).isEqualTo(PeerState.CONNECTED);
    }

    @Test
    void maxMessageThatNeedsTooManyFragmentsIsRefusedNamingMtu() {
        Net net = open();
        assertThatThrownBy(() -> net.listen("udp://127.0.0.1:0?mtu=508&maxMessage=256MiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessage")
                .hasMessageContaining("mtu");
    }

    @Test
    void unreachablePortEndsInConnectFailedLongBeforeTheConnectTimeout() throws IOException {
        Net clientNet = open();
        int closedPort;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        long start = System.nanoTime();

        Peer client = clientNet.connect("udp://127.0.0.1:" + closedPort + "?connectTimeout=20s");

        assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(loop.events(clientNet)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(NetEvent.Type.DISCONNECTED);
            assertThat(e.reason()).isEqualTo(DisconnectReason.CONNECT_FAILED);
            assertThat(e.detail()).contains(Integer.toString(closedPort));
        });
    }

    @Test
    void sameSeedDropsTheSameDatagrams() {
        Outcome first = run(42);
        Outcome second = run(42);
        Outcome other = run(43);

        assertThat(second).as("seed 42 twice").isEqualTo(first);
        assertThat(first.delivered.cardinality()).as("seed 42 dropped some").isBetween(100, 299);
        assertThat(other.delivered).as("seed 43 drops others").isNotEqualTo(first.delivered);
    }

    @Test
    void supersededLargeSequencedMessagesLeaveNothingQueuedBehind() {
        Net hostNet = open();
        Net clientNet = open();
        Host host = hostNet.listen("udp://127.0.0.1:0");
        Peer client = clientNet.connect("udp://127.0.0.1:" + host.port() + "?closeTimeout=10s");
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();

        for (int i = 0; i < 3; i++) { // in one frame: only the newest is worth sending
            byte[] update = pattern(5_000);
            update[0] = (byte) i;
            assertThat(client.send(2, update, Delivery.SEQUENCED)).isEqualTo(SendResult.QUEUED);
        }

        assertThat(loop.until(() -> !loop.of(hostNet, NetEvent.Type.DATA).isEmpty()))
                .isTrue();
        assertThat(loop.of(hostNet, NetEvent.Type.DATA)).singleElement().satisfies(e -> assertThat(e.data()[0])
                .isEqualTo((byte) 2));
        PeerStats afterSending = client.stats();
        client.close();
        boolean closed = loop.until(() -> client.state() == PeerState.DISCONNECTED, Duration.ofSeconds(3));
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(afterSending.queuedBytes())
                    .as("nothing is left to send: %s", afterSending)
                    .isZero();
            soft.assertThat(closed)
                    .as("a graceful close with nothing to deliver does not wait for its closeTimeout")
                    .isTrue();
        });
    }

    // ---- helpers ----

    /** What one seeded run delivered; a record, so that two runs compare by value. */
    private record Outcome(BitSet delivered, long packetsReceived, long clientPacketsSent) {}

    /**
     * 300 UNRELIABLE messages, one per datagram, through a client that simulates loss and
     * reordering with {@code seed}. The client's own datagrams must be the same each run, whatever
     * the poll timing: no keep-alive pings, nothing it must acknowledge, and no simulated
     * duplicates (a duplicated incoming packet, even an ACK, is acknowledged again, and how many
     * ACKs the host sends depends on timing, so duplicates would shift the random draws).
     */
    private static Outcome run(long seed) {
        String quiet = "keepAlive=30s&timeout=60s";
        try (Net hostNet = Net.open();
                Net clientNet = Net.open()) {
            Loop loop = new Loop(hostNet, clientNet);
            Host host = hostNet.listen("udp://127.0.0.1:0?" + quiet);
            Peer client = clientNet.connect(
                    "udp://127.0.0.1:" + host.port() + "?" + quiet + "&sim.loss=0.3&sim.reorder=0.1&sim.seed=" + seed);
            assertThat(loop.until(() -> client.state() == PeerState.CONNECTED
                            && host.peers().size() == 1))
                    .isTrue();
            Peer server = host.peers().iterator().next();
            for (int i = 0; i < 300; i++) {
                byte[] m = pattern(600);
                ByteBuffer.wrap(m).putInt(i);
                assertThat(client.send(0, m, Delivery.UNRELIABLE)).isEqualTo(SendResult.QUEUED);
                if (i % 5 == 4) {
                    loop.pollOnce();
                }
            }
            assertThat(loop.until(() -> client.stats().queuedBytes() == 0)).isTrue();
            for (int i = 0; i < 20; i++) {
                loop.pollOnce();
            }
            BitSet delivered = new BitSet();
            for (NetEvent e : loop.of(hostNet, NetEvent.Type.DATA)) {
                delivered.set(ByteBuffer.wrap(e.data()).getInt());
            }
            return new Outcome(
                    delivered, server.stats().packetsReceived(), client.stats().packetsSent());
        }
    }

    /** Answers a client's first HELLO as a host would: CHALLENGE, then WELCOME with {@code mtu}. */
    private static void welcomeByHand(RawUdp fakeHost, byte[] hello, int mtu) {
        long nonce = ByteBuffer.wrap(hello).getLong(6);
        fakeHost.send(challenge(nonce, new byte[16]));
        fakeHost.receive(d -> type(d) == HELLO);
        fakeHost.send(welcome(nonce, 77, mtu, mtu));
        fakeHost.useConnection(77);
    }

    /**
     * Receives one fragmented RELIABLE message as a raw peer, acknowledging every packet, and
     * checks that no datagram is larger than {@code mtu}.
     */
    private static byte[] receiveMessage(RawUdp raw, int mtu) {
        byte[] message = null;
        BitSet have = new BitSet();
        int count = -1;
        while (count < 0 || have.cardinality() < count) {
            byte[] p = raw.receive(d -> type(d) == PACKET);
            assertThat(p.length).as("datagram size").isLessThanOrEqualTo(mtu);
            raw.sendPacket(ack(number(p)));
            for (Frame f : frames(p)) {
                if (f.isFragment()) {
                    count = f.count();
                    message = message != null ? message : new byte[f.total()];
                    int size = (f.total() + f.count() - 1) / f.count();
                    System.arraycopy(f.payload(), 0, message, f.index() * size, f.payload().length);
                    have.set(f.index());
                }
            }
        }
        return message;
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static boolean ipv6LoopbackWorks() {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            c.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private Net open() {
        Net net = Net.open();
        nets.add(net);
        loop.add(net);
        return net;
    }

    private RawUdp raw(RawUdp r) {
        raws.add(r);
        return r;
    }
}
