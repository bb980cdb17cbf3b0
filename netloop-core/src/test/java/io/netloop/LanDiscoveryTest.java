package io.netloop;

import static io.netloop.NetEvent.Type.DISCOVERED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LAN discovery on one machine: advertisers share a discovery port, and queries go to
 * 127.255.255.255, the loopback broadcast address, which reaches every one of them and nothing
 * beyond this machine.
 */
@Timeout(30)
class LanDiscoveryTest {
    private final List<Net> nets = new ArrayList<>();
    private final int port = Transport.freeUdpPort();
    private final String game = "lan://test-game?port=" + port + "&targets=127.255.255.255&ipv6=false&interval=50ms";

    @AfterEach
    void closeAll() {
        nets.forEach(Net::close);
    }

    private Net open() {
        Net net = Net.open();
        nets.add(net);
        return net;
    }

    @Test
    void twoHostsOnOneMachineAreFoundWithTheirInfoAndCanBeJoined() {
        Net tcpGame = open();
        Net udpGame = open();
        Host tcpHost = tcpGame.listen("tcp://127.0.0.1:0");
        Host udpHost = udpGame.listen("udp://127.0.0.1:0");
        tcpGame.advertise(game, "red room".getBytes(UTF_8));
        udpGame.advertise(game, "blue room".getBytes(UTF_8));
        Net player = open();
        player.discover(game);
        Loop loop = new Loop(tcpGame, udpGame, player);

        assertThat(loop.until(() -> loop.of(player, DISCOVERED).size() == 2)).isTrue();
        loop.pollFor(Duration.ofMillis(200)); // four more rounds of queries: nothing new to report

        List<LanHost> found =
                loop.of(player, DISCOVERED).stream().map(NetEvent::lanHost).toList();
        assertThat(found).hasSize(2);
        assertThat(found)
                .extracting(LanHost::uri)
                .containsExactlyInAnyOrder("tcp://127.0.0.1:" + tcpHost.port(), "udp://127.0.0.1:" + udpHost.port());
        for (LanHost h : found) {
            assertThat(h.name()).isEqualTo("test-game");
            assertThat(new String(h.info(), UTF_8)).isEqualTo(h.transport().equals("tcp") ? "red room" : "blue room");
            assertThat(h.rtt()).isPositive().isLessThan(Duration.ofSeconds(5));
        }
        assertThat(loop.of(player, DISCOVERED).get(0).peer()).isNull();

        Peer joined = player.connect(found.get(0).uri());
        assertThat(loop.until(() -> joined.state() == PeerState.CONNECTED)).isTrue();
    }

    @Test
    void aChangedInfoIsReportedAgainAndAnotherGameIsNotReported() {
        Net host = open();
        host.listen("udp://127.0.0.1:0");
        Advertisement ad = host.advertise(game, new byte[] {1});
        Net other = open();
        other.listen("tcp://127.0.0.1:0");
        other.advertise("lan://other-game?ipv6=false&port=" + port, new byte[] {9});
        Net player = open();
        player.discover(game);
        Loop loop = new Loop(host, other, player);
        assertThat(loop.until(() -> loop.of(player, DISCOVERED).size() == 1)).isTrue();

        ad.info(new byte[] {2});

        assertThat(loop.until(() -> loop.of(player, DISCOVERED).size() == 2)).isTrue();
        loop.pollFor(Duration.ofMillis(200));
        assertThat(loop.of(player, DISCOVERED))
                .extracting(e -> e.lanHost().info()[0])
                .containsExactly((byte) 1, (byte) 2);
    }

    @Test
    void closingStopsBothSides() {
        Net host = open();
        host.listen("tcp://127.0.0.1:0");
        Advertisement ad = host.advertise(game, new byte[0]);
        Net player = open();
        Discovery search = player.discover(game);
        Loop loop = new Loop(host, player);
        assertThat(loop.until(() -> loop.of(player, DISCOVERED).size() == 1)).isTrue();

        search.close();
        search.close();
        ad.info(new byte[] {7}); // would be reported, were anyone still asking
        loop.pollFor(Duration.ofMillis(200));
        assertThat(loop.of(player, DISCOVERED)).hasSize(1);

        ad.close();
        Discovery again = player.discover(game);
        loop.pollFor(Duration.ofMillis(200));
        assertThat(loop.of(player, DISCOVERED)).as("nobody answers any more").hasSize(1);
        again.close();
    }

    @Test
    void answersAreSmallerThanQueriesRateLimitedAndShortQueriesIgnored() throws IOException {
        FakeClock clock = new FakeClock(); // the bucket must not refill while the test runs
        Net host = Net.open(NetConfig.builder().clock(clock).build());
        nets.add(host);
        host.listen("tcp://127.0.0.1:0");
        host.advertise(game, new byte[256]);
        Loop loop = new Loop(host);
        try (DatagramChannel stranger = DatagramChannel.open(StandardProtocolFamily.INET)) {
            stranger.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            InetSocketAddress advertiser = new InetSocketAddress("127.0.0.1", port);
            stranger.send(query(100), advertiser); // too short to be answered
            List<Integer> answers = askAndCollect(loop, stranger, advertiser, 100, 10);
            assertThat(answers).as("one second's burst of 10, not 100").hasSize(10);
            assertThat(answers).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(512));

            clock.advance(Duration.ofMillis(300)); // three tokens come back
            assertThat(askAndCollect(loop, stranger, advertiser, 10, 3)).hasSize(3);
        }
    }

    /**
     * Sends {@code queries} QUERYs, polling the host without waiting (its clock is fake), and
     * returns the sizes of the answers that came within 300 ms of real time, or as soon as more
     * than {@code expected} did.
     */
    private static List<Integer> askAndCollect(
            Loop loop, DatagramChannel stranger, InetSocketAddress advertiser, int queries, int expected)
            throws IOException {
        for (int i = 0; i < queries; i++) {
            stranger.send(query(512), advertiser);
            loop.pollNow();
        }
        List<Integer> sizes = new ArrayList<>();
        ByteBuffer in = ByteBuffer.allocate(2048);
        long end = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() - end < 0 && sizes.size() <= expected) {
            loop.pollNow();
            if (stranger.receive(in.clear()) != null) {
                sizes.add(in.position());
            }
        }
        return sizes;
    }

    @Test
    void forgedAndMalformedAnswersAreIgnoredAndAGoodOneIsTaken() throws IOException {
        Net player = open();
        Loop loop = new Loop(player);
        try (DatagramChannel fake = DatagramChannel.open(StandardProtocolFamily.INET)) {
            // The fake advertiser takes the queries itself, so it knows the finder's address and nonce.
            fake.bind(new InetSocketAddress("127.0.0.1", port)).configureBlocking(false);
            player.discover("lan://test-game?port=" + port + "&targets=127.0.0.1&ipv6=false&interval=50ms");
            ByteBuffer query = ByteBuffer.allocate(1024);
            InetSocketAddress finder = null;
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (finder == null && System.nanoTime() < end) {
                loop.pollOnce();
                finder = (InetSocketAddress) fake.receive(query.clear());
            }
            assertThat(finder).as("a query arrived").isNotNull();
            assertThat(query.position()).isEqualTo(512);
            long nonce = query.getLong(5);

            for (ByteBuffer bad : List.of(
                    answer(nonce + 1, "test-game", 1, 7000, 3), // a nonce never asked
                    answer(nonce, "other-game", 1, 7001, 3), // another game
                    answer(nonce, "test-game", 9, 7002, 3), // count over the maximum of 8
                    answer(nonce, "test-game", 1, 7003, 300), // info over 256 bytes
                    truncated(answer(nonce, "test-game", 1, 7004, 3)), // cut short
                    answer(nonce, "test-game", 1, 0, 3))) { // port 0
                fake.send(bad, finder);
            }
            fake.send(answer(nonce, "test-game", 1, 7005, 3), finder);
            loop.pollFor(Duration.ofMillis(200));
        }
        assertThat(loop.of(player, DISCOVERED))
                .extracting(e -> e.lanHost().uri())
                .containsExactly("tcp://127.0.0.1:7005");
    }

    /** An ANSWER for one host with {@code count} in its count field and {@code infoLength} bytes of info. */
    private static ByteBuffer answer(long nonce, String name, int count, int port, int infoLength) {
        byte[] n = name.getBytes(UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1024);
        b.putInt(0x4E4C4421).put((byte) 1).putLong(nonce).put((byte) n.length).put(n);
        b.put((byte) count)
                .put((byte) 1)
                .putShort((short) port)
                .putShort((short) infoLength)
                .put(new byte[infoLength]);
        return b.flip();
    }

    private static ByteBuffer truncated(ByteBuffer b) {
        return b.limit(b.limit() - 2);
    }

    /** A QUERY for test-game, padded with zeros to {@code size} bytes (docs/PROTOCOL.md). */
    private static ByteBuffer query(int size) {
        byte[] name = "test-game".getBytes(UTF_8);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(0x4E4C443F).put((byte) 1).putLong(42).put((byte) name.length).put(name);
        return b.clear();
    }

    @Test
    void connectingToALanNameJoinsTheHostThatAnswersAndEventsNameTheReturnedPeer() {
        Net host = open();
        Host h = host.listen("udp://127.0.0.1:0");
        host.advertise(game, new byte[0]);
        Net player = open();
        Peer peer = player.connect(game);
        assertThat(peer.state()).isEqualTo(PeerState.CONNECTING);
        assertThat(peer.send(new byte[] {1})).as("nowhere to queue yet").isEqualTo(SendResult.NOT_CONNECTED);
        Loop loop = new Loop(host, player);

        assertThat(loop.until(() -> !loop.of(player, NetEvent.Type.CONNECTED).isEmpty()))
                .isTrue();
        assertThat(loop.of(player, NetEvent.Type.CONNECTED).get(0).peer()).isSameAs(peer);
        assertThat(peer.state()).isEqualTo(PeerState.CONNECTED);
        assertThat(peer.remoteAddress().getPort()).isEqualTo(h.port());
        assertThat(peer.uri()).isEqualTo(game);
        assertThat(loop.of(player, DISCOVERED))
                .as("a connect's search makes no events")
                .isEmpty();

        assertThat(peer.send(new byte[] {2})).isEqualTo(SendResult.QUEUED);
        assertThat(loop.until(() -> !loop.of(host, NetEvent.Type.DATA).isEmpty()))
                .isTrue();
        Peer back = loop.of(host, NetEvent.Type.CONNECTED).get(0).peer();
        back.send(new byte[] {3});
        assertThat(loop.until(() -> !loop.of(player, NetEvent.Type.DATA).isEmpty()))
                .isTrue();
        assertThat(loop.of(player, NetEvent.Type.DATA).get(0).peer()).isSameAs(peer);

        peer.close();
        assertThat(loop.until(() -> !loop.of(player, NetEvent.Type.DISCONNECTED).isEmpty()))
                .isTrue();
        assertThat(loop.of(player, NetEvent.Type.DISCONNECTED).get(0).peer()).isSameAs(peer);
        assertThat(loop.of(player, NetEvent.Type.DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
    }

    @Test
    void aListenerHearsTheReturnedPeer() {
        Net host = open();
        host.listen("tcp://127.0.0.1:0");
        host.advertise(game, new byte[0]);
        Net player = open();
        List<Peer> heard = new ArrayList<>();
        Peer peer = player.connect(game, new Listener() {
            @Override
            public void onConnected(Peer p) {
                heard.add(p);
            }
        });
        Loop loop = new Loop(host, player);
        assertThat(loop.until(() -> !heard.isEmpty())).isTrue();
        assertThat(heard).containsExactly(peer);
    }

    @Test
    void aLanNameNobodyAnswersFailsAfterTheConnectTimeout() {
        Net player = Net.open(
                NetConfig.builder().connectTimeout(Duration.ofMillis(300)).build());
        nets.add(player);
        Peer peer = player.connect(game);
        Loop loop = new Loop(player);

        assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(loop.events(player)).singleElement().satisfies(e -> {
            assertThat(e.peer()).isSameAs(peer);
            assertThat(e.reason()).isEqualTo(DisconnectReason.CONNECT_FAILED);
            assertThat(e.detail()).contains("no host of " + game, "300 ms");
        });
    }

    @Test
    void closingBeforeAHostAnswersEndsWithClosed() {
        Net player = open();
        Peer peer = player.connect(game);
        Loop loop = new Loop(player);
        peer.close();
        peer.close();
        loop.pollFor(Duration.ofMillis(100));
        assertThat(loop.events(player)).singleElement().satisfies(e -> {
            assertThat(e.peer()).isSameAs(peer);
            assertThat(e.reason()).isEqualTo(DisconnectReason.CLOSED);
        });
        assertThat(peer.state()).isEqualTo(PeerState.DISCONNECTED);
    }

    static Stream<Arguments> badUris() {
        return Stream.of(
                Arguments.of("lan://", "game name ''"),
                Arguments.of("lan://two words", "letters, digits"),
                Arguments.of("udp://x:1", "lan://game-name"),
                Arguments.of("lan://g?port=0", "port=0"),
                Arguments.of("lan://g?port=70000", "1 to 65535"),
                Arguments.of("lan://g?interval=fast", "not a duration"),
                Arguments.of("lan://g?targets=example.com", "not an IPv4 address"),
                Arguments.of("lan://g?colour=red", "not one of port"),
                Arguments.of("lan://g?ipv6=maybe", "ipv6=true or ipv6=false"),
                Arguments.of("lan://g?port=1&port=2", "given twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUris")
    void malformedLanUrisThrowNamingTheFix(String uri, String fix) {
        Net net = open();
        assertThatThrownBy(() -> net.discover(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(uri)
                .hasMessageContaining(fix);
    }

    @Test
    void infoOverTheLimitIsRefused() {
        Net net = open();
        assertThatThrownBy(() -> net.advertise(game, new byte[257]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("257 bytes", "at most 256");
    }
}
