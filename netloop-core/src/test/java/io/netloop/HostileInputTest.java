package io.netloop;

import static io.netloop.WireBytes.CLOSE_PROTOCOL;
import static io.netloop.WireBytes.HELLO;
import static io.netloop.WireBytes.KIND_CLOSE;
import static io.netloop.WireBytes.KIND_DATA;
import static io.netloop.WireBytes.KIND_PING;
import static io.netloop.WireBytes.MAGIC;
import static io.netloop.WireBytes.REFUSE;
import static io.netloop.WireBytes.REFUSE_AGREEMENT;
import static io.netloop.WireBytes.REFUSE_VERSION;
import static io.netloop.WireBytes.VERSION;
import static io.netloop.WireBytes.WELCOME;
import static io.netloop.WireBytes.ascii;
import static io.netloop.WireBytes.frame;
import static io.netloop.WireBytes.greeting;
import static io.netloop.WireBytes.hello;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stranger on a raw socket that sends bad bytes to a {@code tcp://} host ends only its own
 * connection and is counted in {@link Host#stats()}, while a well-behaved client on the same host
 * keeps exchanging messages before and after. {@link HostileHostTest} is the client's side.
 */
@Timeout(30)
class HostileInputTest {
    private static final String APP = "netloop"; // NetConfig's default application id
    private static final int WELCOME_LENGTH = 8 + APP.length(); // with its flags byte

    private final List<RawSocket> strangers = new ArrayList<>();
    private final List<Net> nets = new ArrayList<>();
    private Loop loop;
    private Net hostNet;
    private Net clientNet;
    private Host host;
    private Peer good;
    private Peer goodOnHost;
    private int round;

    @BeforeEach
    void open() {
        hostNet = open(NetConfig.defaults());
        clientNet = open(NetConfig.defaults());
    }

    @AfterEach
    void close() throws IOException {
        for (RawSocket s : strangers) {
            s.close();
        }
        nets.forEach(Net::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageHandshakes")
    void garbageBeforeHandshakeClosesOnlyThatConnection(String name, byte[] garbage) throws IOException {
        start("");
        RawSocket attacker = stranger();

        attacker.write(garbage);

        assertThat(attacker.readUntilEndOfStream()).as("no answer to garbage").isEmpty();
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().protocolErrors()).isEqualTo(1);
        assertOnlyTheGoodClientWasEverSeen();
        assertGoodClientExchanges();
    }

    static Stream<Arguments> garbageHandshakes() {
        return Stream.of(
                arguments("an HTTP request", ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
                arguments("a wrong third magic byte", ascii("NLX!")),
                arguments("a WELCOME sent to the host", greeting(VERSION, WELCOME, APP)),
                arguments("a HELLO without an application id", greeting(VERSION, HELLO, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameAfterHandshakeDisconnectsOnlyThatPeer(String name, byte[] frame) throws IOException {
        start("?maxMessage=1KiB");
        RawSocket attacker = handshakenStranger();
        Peer attackerOnHost = hostPeerOf(attacker);

        attacker.write(frame);

        assertProtocolCloseThenEndOfStream(attacker.readUntilEndOfStream());
        NetEvent gone = disconnectOf(attackerOnHost);
        assertThat(gone.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertThat(gone.detail()).isNotBlank();
        assertThat(goodOnHost.state()).isEqualTo(PeerState.CONNECTED);
        assertGoodClientExchanges();
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                arguments("text instead of frames", ascii("this is not a frame at all\n")),
                arguments("unknown kind 0x7f", frame(1, 0x7f)),
                arguments("kind 0x14, just past the DATA kinds", frame(2, 0x14, 0)),
                arguments("DATA without a channel byte", frame(1, KIND_DATA)),
                arguments("PING with a 1-byte body", frame(2, KIND_PING, 0)),
                arguments("CLOSE without a code", frame(1, KIND_CLOSE)),
                arguments("length 0", frame(0)),
                arguments("length 0xFFFFFFFF", frame(0xFFFFFFFF, KIND_DATA)));
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0x7FFFFFFF, 1024 + 3})
    void oversizedLengthIsRejectedBeforeTheBodyArrives(int length) throws IOException {
        start("?maxMessage=1KiB");
        RawSocket attacker = handshakenStranger();
        Peer attackerOnHost = hostPeerOf(attacker);

        attacker.write(frame(length, KIND_DATA)); // the header and kind only: no body follows

        assertProtocolCloseThenEndOfStream(attacker.readUntilEndOfStream());
        NetEvent gone = disconnectOf(attackerOnHost);
        assertThat(gone.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertThat(gone.detail()).contains(Integer.toString(length));
        assertGoodClientExchanges();
    }

    @Test
    void frameAtTheSizeLimitWaitsForItsBodyAndIsDelivered() throws IOException {
        start("?maxMessage=1KiB");
        RawSocket stranger = handshakenStranger();
        Peer strangerOnHost = hostPeerOf(stranger);

        stranger.write(frame(1024 + 2, KIND_DATA, 7)); // kind, channel 7, then 1024 bytes to come
        for (int i = 0; i < 5; i++) {
            loop.pollOnce();
        }
        assertThat(strangerOnHost.state()).isEqualTo(PeerState.CONNECTED);
        stranger.write(new byte[1024]);

        assertThat(loop.until(() -> !dataFrom(strangerOnHost).isEmpty())).isTrue();
        NetEvent data = dataFrom(strangerOnHost).get(0);
        assertThat(data.channel()).isEqualTo(7);
        assertThat(data.data()).hasSize(1024);
        assertThat(strangerOnHost.state()).isEqualTo(PeerState.CONNECTED);
    }

    @Test
    void helloTricklingInByteByByteStillConnects() throws IOException {
        start("");
        RawSocket slow = stranger();

        for (byte b : greeting(VERSION, HELLO, APP)) {
            slow.write(new byte[] {b});
            loop.pollOnce();
        }

        assertThat(slow.read(WELCOME_LENGTH)).isEqualTo(greeting(VERSION, WELCOME, APP));
        assertThat(loop.until(() -> hostPeerOf(slow) != null)).isTrue();
        assertThat(host.stats().protocolErrors()).isZero();
    }

    @ParameterizedTest(name = "set in the {0}")
    @ValueSource(strings = {"config", "uri"})
    void wrongApplicationIdIsRefusedNamingBothIds(String where) {
        start("");
        boolean inConfig = where.equals("config");
        Net otherGame =
                open(inConfig ? NetConfig.builder().applicationId("other").build() : NetConfig.defaults());
        Peer stranger = otherGame.connect(inConfig ? hostUri() : hostUri() + "?app=other");

        assertThat(loop.until(() -> stranger.state() == PeerState.DISCONNECTED)).isTrue();

        assertThat(loop.events(otherGame)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(NetEvent.Type.DISCONNECTED);
            assertThat(e.reason()).isEqualTo(DisconnectReason.REFUSED);
            assertThat(e.detail()).contains("'netloop'", "'other'");
        });
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().refused()).isEqualTo(1);
        assertOnlyTheGoodClientWasEverSeen();
        assertGoodClientExchanges();
    }

    @Test
    void wrongProtocolVersionIsRefused() throws IOException {
        start("");
        RawSocket stranger = stranger();

        stranger.write(greeting(VERSION + 1, HELLO, APP));

        ByteBuffer refusal = ByteBuffer.wrap(stranger.readUntilEndOfStream());
        assertThat(refusal.getInt()).as("magic").isEqualTo(MAGIC);
        assertThat(refusal.get()).as("the host's version").isEqualTo((byte) VERSION);
        assertThat(refusal.get()).as("type").isEqualTo((byte) REFUSE);
        assertThat(refusal.get()).as("code").isEqualTo((byte) REFUSE_VERSION);
        assertThat(refusal.get() & 0xff).as("reason length").isEqualTo(refusal.remaining());
        stranger.close();
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().refused()).isEqualTo(1);
        assertOnlyTheGoodClientWasEverSeen();
        assertGoodClientExchanges();
    }

    @Test
    void aHelloWithAnAgreementTheHostLacksIsRefusedWithCodeFive() throws IOException {
        start("");
        RawSocket stranger = stranger();
        byte[] garbage = new byte[255];
        Arrays.fill(garbage, (byte) 0xab);

        stranger.write(hello(APP, 1, garbage));

        ByteBuffer refusal = ByteBuffer.wrap(stranger.readUntilEndOfStream());
        assertThat(refusal.getInt(0)).as("magic").isEqualTo(MAGIC);
        assertThat(refusal.get(5)).as("type").isEqualTo((byte) REFUSE);
        assertThat(refusal.get(6)).as("code").isEqualTo((byte) REFUSE_AGREEMENT);
        assertThat(new String(refusal.array(), 8, refusal.get(7) & 0xff, UTF_8))
                .contains("abababab", "the host does not have");
        stranger.close();
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().refused()).isEqualTo(1);
        assertOnlyTheGoodClientWasEverSeen();
        assertGoodClientExchanges();
    }

    @Test
    void halfFinishedHandshakeIsClosedAfterTheConnectTimeout() throws IOException {
        start("?connectTimeout=300ms");
        long start = System.nanoTime();
        RawSocket stranger = stranger();

        stranger.write(ascii("NLP")); // the first three bytes of a HELLO, then silence

        assertThat(stranger.readUntilEndOfStream()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        HostStats stats = host.stats();
        assertThat(stats.handshakeTimeouts()).isEqualTo(1);
        assertThat(stats.protocolErrors()).isZero();
        assertThat(stats.pending()).isZero();
        assertOnlyTheGoodClientWasEverSeen();
        assertGoodClientExchanges();
    }

    @Test
    void connectionFloodIsShedWhileConnectedPeersCarryOn() throws IOException {
        start("?maxPending=8");
        List<RawSocket> flood = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            flood.add(stranger());
        }

        assertThat(loop.until(() -> host.stats().accepted() == 1 + 40)).isTrue();
        assertThat(host.stats().shed()).isEqualTo(32);
        assertThat(host.stats().pending()).isEqualTo(8);
        assertThat(loop.until(() -> countClosed(flood) == 32))
                .as("the shed sockets are closed at once")
                .isTrue();
        assertGoodClientExchanges();
        assertThat(countClosed(flood)).as("the 8 pending ones stay open").isEqualTo(32);

        for (RawSocket s : flood) {
            s.close();
        }
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        Peer late = clientNet.connect(hostUri());
        assertThat(loop.until(() -> late.state() == PeerState.CONNECTED)).isTrue();
        assertGoodClientExchanges();
        assertThat(loop.of(hostNet, NetEvent.Type.CONNECTED)).hasSize(2);
        assertThat(loop.of(hostNet, NetEvent.Type.DISCONNECTED)).isEmpty();
    }

    @Test
    void fullHostRefusesTheNextClient() {
        start("?maxPeers=2");
        Peer second = clientNet.connect(hostUri());
        assertThat(loop.until(() -> second.state() == PeerState.CONNECTED)).isTrue();

        Peer third = clientNet.connect(hostUri());
        assertThat(loop.until(() -> third.state() == PeerState.DISCONNECTED)).isTrue();

        assertThat(loop.events(clientNet))
                .filteredOn(e -> e.peer() == third)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(DisconnectReason.REFUSED);
                    assertThat(e.detail()).contains("full");
                });
        assertThat(host.stats().refused()).isEqualTo(1);
        assertThat(host.peers()).hasSize(2);
        assertGoodClientExchanges();

        second.close();
        assertThat(loop.until(() -> host.peers().size() == 1)).isTrue();
        Peer fourth = clientNet.connect(hostUri());
        assertThat(loop.until(() -> fourth.state() == PeerState.CONNECTED))
                .as("a free slot takes a new client")
                .isTrue();
    }

    // ---- the host and its well-behaved client ----

    private Net open(NetConfig config) {
        Net net = Net.open(config);
        nets.add(net);
        if (loop == null) {
            loop = new Loop(net);
        } else {
            loop.add(net);
        }
        return net;
    }

    /** Listens on 127.0.0.1 with the given query, connects the good client and checks it talks. */
    private void start(String query) {
        host = hostNet.listen("tcp://127.0.0.1:0" + query);
        good = clientNet.connect(hostUri());
        assertThat(loop.until(() -> good.state() == PeerState.CONNECTED
                        && !loop.of(hostNet, NetEvent.Type.CONNECTED).isEmpty()))
                .isTrue();
        goodOnHost = loop.of(hostNet, NetEvent.Type.CONNECTED).get(0).peer();
        assertGoodClientExchanges();
    }

    private String hostUri() {
        return "tcp://127.0.0.1:" + host.port();
    }

    /** One request from the good client and one answer from the host, each seen by the other side. */
    private void assertGoodClientExchanges() {
        String ask = "ask " + round++;
        assertThat(good.send(ask.getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
        assertThat(loop.until(() -> texts(hostNet, goodOnHost).contains(ask))).isTrue();
        assertThat(goodOnHost.send(("re " + ask).getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
        assertThat(loop.until(() -> texts(clientNet, good).contains("re " + ask)))
                .isTrue();
    }

    private void assertOnlyTheGoodClientWasEverSeen() {
        assertThat(loop.events(hostNet)).allSatisfy(e -> assertThat(e.peer()).isSameAs(goodOnHost));
    }

    private List<String> texts(Net net, Peer from) {
        return loop.of(net, NetEvent.Type.DATA).stream()
                .filter(e -> e.peer() == from)
                .map(e -> new String(e.data(), UTF_8))
                .toList();
    }

    private List<NetEvent> dataFrom(Peer peer) {
        return loop.of(hostNet, NetEvent.Type.DATA).stream()
                .filter(e -> e.peer() == peer)
                .toList();
    }

    /** Waits for the peer's end; the game saw it connect first, then disconnect once. */
    private NetEvent disconnectOf(Peer peer) {
        assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();
        List<NetEvent> seen =
                loop.events(hostNet).stream().filter(e -> e.peer() == peer).toList();
        assertThat(seen)
                .extracting(NetEvent::type)
                .containsExactly(NetEvent.Type.CONNECTED, NetEvent.Type.DISCONNECTED);
        return seen.get(1);
    }

    // ---- strangers: plain sockets that write the protocol by hand ----

    private RawSocket stranger() throws IOException {
        RawSocket s = new RawSocket(loop, host.port());
        strangers.add(s);
        return s;
    }

    /** A stranger that did a correct handshake by hand, and that the host announced as CONNECTED. */
    private RawSocket handshakenStranger() throws IOException {
        RawSocket s = stranger();
        s.write(greeting(VERSION, HELLO, APP));
        assertThat(s.read(WELCOME_LENGTH)).isEqualTo(greeting(VERSION, WELCOME, APP));
        assertThat(loop.until(() -> hostPeerOf(s) != null)).isTrue();
        return s;
    }

    private Peer hostPeerOf(RawSocket s) {
        for (NetEvent e : loop.of(hostNet, NetEvent.Type.CONNECTED)) {
            if (e.peer().remoteAddress().getPort() == s.localPort()) {
                return e.peer();
            }
        }
        return null;
    }

    private static int countClosed(List<RawSocket> sockets) {
        return (int) sockets.stream().filter(RawSocket::isClosed).count();
    }

    /** Nothing but keep-alive PINGs may precede the CLOSE frame, whose code says protocol error. */
    private static void assertProtocolCloseThenEndOfStream(byte[] stream) {
        ByteBuffer b = ByteBuffer.wrap(stream);
        int closeCode = -1;
        while (b.remaining() >= 5 && closeCode < 0) {
            int length = b.getInt();
            int kind = b.get() & 0xff;
            assertThat(length).isBetween(1, b.remaining() + 1);
            if (kind == KIND_CLOSE) {
                closeCode = b.get() & 0xff;
                b.position(b.position() + length - 2);
            } else {
                assertThat(kind).as("only PINGs before the CLOSE").isEqualTo(KIND_PING);
                b.position(b.position() + length - 1);
            }
        }
        assertThat(closeCode).as("CLOSE code: protocol error").isEqualTo(CLOSE_PROTOCOL);
        assertThat(b.remaining()).as("nothing after the CLOSE").isZero();
    }
}
