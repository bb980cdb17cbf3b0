package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTING;
import static io.netloop.WireBytes.CLOSE_PROTOCOL;
import static io.netloop.WireBytes.FLAG_SESSION;
import static io.netloop.WireBytes.KIND_ACK;
import static io.netloop.WireBytes.KIND_CLOSE;
import static io.netloop.WireBytes.KIND_DATA;
import static io.netloop.WireBytes.KIND_PING;
import static io.netloop.WireBytes.KIND_PONG;
import static io.netloop.WireBytes.MAGIC;
import static io.netloop.WireBytes.REFUSE;
import static io.netloop.WireBytes.REFUSE_FULL;
import static io.netloop.WireBytes.REFUSE_SESSION;
import static io.netloop.WireBytes.RESUME;
import static io.netloop.WireBytes.RESUMED;
import static io.netloop.WireBytes.VERSION;
import static io.netloop.WireBytes.WELCOME;
import static io.netloop.WireBytes.ack;
import static io.netloop.WireBytes.data;
import static io.netloop.WireBytes.frame;
import static io.netloop.WireBytes.greeting;
import static io.netloop.WireBytes.hello;
import static io.netloop.WireBytes.resume;
import static io.netloop.WireBytes.resumed;
import static io.netloop.WireBytes.welcome;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strangers that play the session handshake wrong: RESUMEs with a wrong token, an unknown session,
 * an offset never sent, floods of them, garbage in their place, and the same over {@code udp://}
 * through the cookie handshake. Each ends only its own connection (or makes none), is counted in
 * {@link Host#stats()}, and leaves a real session on the same host undisturbed: no RECONNECTING, no
 * DISCONNECTED, and messages still flow both ways. A right token from a new socket moves the
 * session there, for the same {@link Peer}, with nothing lost.
 *
 * <p>The wire bytes are built by hand from docs/PROTOCOL.md ({@link WireBytes}, {@link
 * UdpWireBytes}); the "real session" is a raw socket that asked for a session and kept the id and
 * token of its WELCOME, so that the tests can present them, or near misses of them.
 */
@Timeout(60)
class SessionHostileTest {
    private static final String APP = "netloop"; // NetConfig's default application id
    private static final int N = APP.length();
    /** A WELCOME with a session: header, application id, flags, session id, token. */
    private static final int WELCOME_WITH_SESSION = 7 + N + 1 + 8 + 16;

    private static final int RESUMED_LENGTH = 7 + N + 8;
    private static final int RESUME_LENGTH = 7 + N + 8 + 16 + 8 + 1; // with an empty agreement

    private final List<Closeable> closeables = new ArrayList<>();
    private final List<Net> nets = new ArrayList<>();
    private Loop loop;
    private Net hostNet;
    private Net clientNet;
    private Host host;
    private Peer good;
    private Peer goodOnHost;
    private int round;
    private UdpHostFixture f;
    /** The sequence of the next RELIABLE message a raw UDP client sends on channel 1. */
    private int udpUpSequence;

    @AfterEach
    void close() throws IOException {
        for (Closeable c : closeables) {
            c.close();
        }
        nets.forEach(Net::close);
        if (f != null) {
            f.close();
        }
    }

    // =================================== TCP ===================================

    @Test
    void tcpResumeWithTheRightIdAndAWrongTokenIsRefusedAndTheSessionCarriesOn() throws IOException {
        startTcp("");
        TcpSession real = sessionStranger();
        Peer realOnHost = hostPeerOf(real.socket);
        TcpSession other = sessionStranger();
        List<byte[]> wrongTokens =
                List.of(new byte[16], flipped(real.token, 15, 0x01), flipped(real.token, 0, 0x80), other.token);
        HostStats before = host.stats();

        for (byte[] token : wrongTokens) {
            RawSocket thief = stranger();
            thief.write(resume(APP, real.id, token, 0));
            assertRefusal(thief.readUntilEndOfStream(), REFUSE_SESSION);
            thief.close();
        }

        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        HostStats after = host.stats();
        assertThat(after.refused()).isEqualTo(before.refused() + wrongTokens.size());
        assertThat(after.connected()).isEqualTo(before.connected());
        assertThat(after.protocolErrors()).isZero();
        assertThat(lifeOf(hostNet, realOnHost)).containsExactly(CONNECTED);
        assertThat(loop.of(hostNet, RECONNECTING)).isEmpty();
        assertThat(loop.of(hostNet, DISCONNECTED)).isEmpty();
        assertThat(realOnHost.remoteAddress().getPort()).isEqualTo(real.socket.localPort());
        assertExchanges(real, realOnHost);
        assertExchanges(other, hostPeerOf(other.socket));
        assertGoodClientExchanges();
    }

    @ParameterizedTest(name = "claiming data offset {0}")
    @ValueSource(longs = {0, 12_345, -1})
    void tcpResumeOfAnUnknownSessionIsWelcomedAsANewcomerWithANewSession(long received) throws IOException {
        startTcp("");
        TcpSession real = sessionStranger();
        Peer realOnHost = hostPeerOf(real.socket);
        Random random = new Random(received);
        long unknown = random.nextLong();
        byte[] token = randomToken(random);

        RawSocket newcomer = stranger();
        newcomer.write(resume(APP, unknown, token, received));

        TcpSession granted = readWelcomeWithSession(newcomer);
        assertThat(granted.id).isNotEqualTo(real.id);
        assertThat(granted.token).isNotEqualTo(token).isNotEqualTo(real.token);
        assertThat(loop.until(() -> hostPeerOf(newcomer) != null)).isTrue();
        Peer newcomerOnHost = hostPeerOf(newcomer);
        assertThat(newcomerOnHost).isNotSameAs(realOnHost);
        assertThat(lifeOf(hostNet, newcomerOnHost)).containsExactly(CONNECTED);
        assertThat(loop.of(hostNet, CONNECTED)).hasSize(3); // the good client, the real session, the newcomer
        assertThat(loop.of(hostNet, RECONNECTING)).isEmpty();
        assertThat(host.stats().connected()).isEqualTo(3);
        assertThat(host.stats().refused()).isZero();
        assertExchanges(granted, newcomerOnHost);

        // The new session is a real one: its id and token resume it from yet another socket.
        RawSocket back = stranger();
        back.write(resume(APP, granted.id, granted.token, granted.received));
        assertResumed(back.read(RESUMED_LENGTH), granted.hostReceived);
        assertThat(lifeOf(hostNet, newcomerOnHost)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertExchanges(granted.movedTo(back), newcomerOnHost);

        assertThat(lifeOf(hostNet, realOnHost)).containsExactly(CONNECTED);
        assertExchanges(real, realOnHost);
        assertGoodClientExchanges();
    }

    @ParameterizedTest(name = "after reading {0} of 3 frames")
    @ValueSource(ints = {0, 1, 3})
    void tcpResumeWithTheRightTokenFromANewSocketMovesTheSessionAndResendsWhatWasNotRead(int framesRead)
            throws IOException {
        startTcp("");
        TcpSession a = sessionStranger();
        Peer p = hostPeerOf(a.socket);
        a.socket.write(data(1, "up0".getBytes(UTF_8)));
        assertThat(loop.until(() -> texts(hostNet, p).contains("up0"))).isTrue();
        long hostReceived = 4 + 2 + 3;
        long sentBefore = p.stats().bytesSent();
        for (int i = 0; i < 3; i++) {
            assertThat(p.send(2, ("m" + i).getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        }
        assertThat(loop.until(() -> p.stats().bytesSent() >= sentBefore + 3 * 8))
                .as("the host wrote all three frames to the old connection")
                .isTrue();
        for (int i = 0; i < framesRead; i++) {
            assertThat(readData(a)).isEqualTo("m" + i);
        }

        RawSocket b = stranger();
        assertThat(b.localPort()).as("a new source port").isNotEqualTo(a.socket.localPort());
        b.write(resume(APP, a.id, a.token, a.received));

        assertResumed(b.read(RESUMED_LENGTH), hostReceived);
        TcpSession moved = a.movedTo(b);
        for (int i = framesRead; i < 3; i++) {
            assertThat(readData(moved))
                    .as("frame %d, which the old connection had not read", i)
                    .isEqualTo("m" + i);
        }
        assertThat(loop.until(a.socket::isClosed))
                .as("the old connection is dropped")
                .isTrue();
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertThat(loop.of(hostNet, RECONNECTED)).singleElement().satisfies(e -> {
            assertThat(e.peer()).isSameAs(p);
            assertThat(e.resumed()).isTrue();
        });
        assertThat(p.state()).isEqualTo(PeerState.CONNECTED);
        assertThat(p.remoteAddress().getPort()).isEqualTo(b.localPort());
        assertThat(host.peers()).containsExactlyInAnyOrder(goodOnHost, p);
        assertThat(host.stats().resumed()).as("counted as a resume").isEqualTo(1);

        String after = "m3";
        assertThat(p.send(2, after.getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(moved)).as("nothing resent twice, nothing skipped").isEqualTo(after);
        assertExchanges(moved, p);
        assertThat(dataEvents(hostNet, p).stream().filter(e -> e.channel() == 1).map(NetEvent::sequence))
                .as("the host's sequence on the session's channel goes on")
                .containsExactly(0L, 1L);
        HostStats stats = host.stats();
        assertThat(stats.connected()).isEqualTo(2);
        assertThat(stats.pending()).isZero();
        assertThat(stats.refused()).isZero();
        assertThat(stats.protocolErrors()).isZero();
        assertGoodClientExchanges();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("offsetsNeverSent")
    void tcpResumeAtAnOffsetTheHostNeverSentEndsOnlyThatConnection(String name, boolean ackFirst, long claim)
            throws IOException {
        startTcp("");
        TcpSession a = sessionStranger();
        Peer p = hostPeerOf(a.socket);
        assertThat(p.send(2, "m0".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(a)).isEqualTo("m0");
        assertThat(a.received).isEqualTo(8);
        if (ackFirst) {
            a.socket.write(ack(a.received));
            assertThat(loop.until(() -> p.stats().queuedBytes() == 0))
                    .as("the host let go of what was acknowledged")
                    .isTrue();
        }

        RawSocket liar = stranger();
        liar.write(resume(APP, a.id, a.token, claim));

        assertThat(liar.readUntilEndOfStream()).as("no RESUMED, no REFUSE").isEmpty();
        liar.close();
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().protocolErrors()).isEqualTo(1);
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED);
        assertThat(p.remoteAddress().getPort()).isEqualTo(a.socket.localPort());
        assertExchanges(a, p);

        // The session is whole: an honest resume still gets everything after what was read.
        assertThat(p.send(2, "m1".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        RawSocket honest = stranger();
        honest.write(resume(APP, a.id, a.token, a.received));
        assertResumed(honest.read(RESUMED_LENGTH), a.hostReceived);
        assertThat(readData(a.movedTo(honest))).isEqualTo("m1");
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertGoodClientExchanges();
    }

    static Stream<Arguments> offsetsNeverSent() {
        return Stream.of(
                arguments("one byte past what was sent", false, 9L),
                arguments("2^63 - 1", false, Long.MAX_VALUE),
                arguments("2^63 (negative as a signed long)", false, Long.MIN_VALUE),
                arguments("2^64 - 1", false, -1L),
                arguments("below what the client acknowledged", true, 0L),
                arguments("one byte below what the client acknowledged", true, 7L));
    }

    @Test
    @Timeout(180)
    void tcpFloodOfResumesWithRandomIdsAndTokensIsBoundedAndCounted() throws IOException {
        int maxPending = 16;
        int maxPeers = 40;
        int batch = 40;
        int attempts = 2_000;
        startTcp("?maxPending=" + maxPending + "&maxPeers=" + maxPeers + "&resumeWindow=10m");
        TcpSession real = sessionStranger();
        Peer realOnHost = hostPeerOf(real.socket);
        HostStats before = host.stats();
        Random random = new Random(20_240_602);
        int[] mostPending = {0};
        int welcomed = 0;
        int refusedSession = 0;
        int refusedFull = 0;
        long shed = 0;

        for (int r = 0; r < attempts / batch; r++) {
            List<RawSocket> sockets = new ArrayList<>();
            List<byte[]> resumes = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                long id = i % 4 == 0 ? real.id : random.nextLong(); // a quarter guess the real session's token
                byte[] m = resume(APP, id, randomToken(random), random.nextInt(1 << 16));
                RawSocket s = stranger(); // closed at the end of its round
                s.write(Arrays.copyOf(m, m.length - 1)); // all but the last byte: it holds a handshake slot
                sockets.add(s);
                resumes.add(m);
            }
            long acceptedGoal = before.accepted() + (long) (r + 1) * batch;
            assertThat(loop.until(() -> {
                        mostPending[0] = Math.max(mostPending[0], host.stats().pending());
                        return host.stats().accepted() == acceptedGoal;
                    }))
                    .as("round %d accepted", r)
                    .isTrue();
            assertThat(host.stats().pending()).as("round %d", r).isEqualTo(maxPending);
            long shedNow = host.stats().shed() - before.shed() - shed;
            assertThat(shedNow).isEqualTo(batch - maxPending);
            shed += shedNow;
            assertThat(loop.until(
                            () -> sockets.stream().filter(RawSocket::isClosed).count() == shedNow))
                    .as("the shed connections are closed at once")
                    .isTrue();

            for (int i = 0; i < batch; i++) {
                RawSocket s = sockets.get(i);
                if (s.isClosed()) {
                    continue;
                }
                byte[] m = resumes.get(i);
                s.write(new byte[] {m[m.length - 1]});
                ByteBuffer head = ByteBuffer.wrap(s.read(6));
                assertThat(head.getInt(0)).isEqualTo(MAGIC);
                int type = head.get(5);
                if (type == WELCOME) {
                    byte[] rest = s.read(1 + N + 1 + 8 + 16);
                    assertThat(rest[1 + N] & 0xff).as("flags: a session").isEqualTo(FLAG_SESSION);
                    assertThat(ByteBuffer.wrap(m).getLong(7 + N))
                            .as("only an unknown session is welcomed")
                            .isNotEqualTo(real.id);
                    welcomed++;
                } else {
                    assertThat(type).isEqualTo(REFUSE);
                    byte[] code = s.read(2);
                    assertThat(s.read(code[1] & 0xff)).isNotEmpty();
                    if (code[0] == REFUSE_SESSION) {
                        assertThat(ByteBuffer.wrap(m).getLong(7 + N)).isEqualTo(real.id);
                        refusedSession++;
                    } else {
                        assertThat((int) code[0]).isEqualTo(REFUSE_FULL);
                        refusedFull++;
                    }
                }
            }
            for (RawSocket s : sockets) {
                s.close();
            }
            assertThat(loop.until(() -> {
                        mostPending[0] = Math.max(mostPending[0], host.stats().pending());
                        return host.stats().pending() == 0;
                    }))
                    .isTrue();
        }

        HostStats after = host.stats();
        assertThat(mostPending[0]).as("handshakes in progress at once").isLessThanOrEqualTo(maxPending);
        assertThat(welcomed).as("newcomers until the host was full").isEqualTo(maxPeers - 2);
        assertThat(refusedSession).as("every guess at the real session's token").isPositive();
        assertThat(refusedFull).isPositive();
        assertThat(welcomed + refusedSession + refusedFull + shed).isEqualTo(attempts);
        assertThat(after.accepted()).isEqualTo(before.accepted() + attempts);
        assertThat(after.shed()).isEqualTo(before.shed() + shed);
        assertThat(after.connected()).isEqualTo(before.connected() + welcomed);
        assertThat(after.refused()).isEqualTo(before.refused() + refusedSession + refusedFull);
        assertThat(after.protocolErrors()).isZero();
        assertThat(after.handshakeTimeouts()).isZero();
        assertThat(after.pending()).isZero();
        assertThat(after.accepted())
                .as("every accepted connection is counted once")
                .isEqualTo(after.connected()
                        + after.refused()
                        + after.shed()
                        + after.protocolErrors()
                        + after.handshakeTimeouts());
        assertThat(host.peers()).hasSize(maxPeers).contains(goodOnHost, realOnHost);
        assertThat(lifeOf(hostNet, realOnHost)).containsExactly(CONNECTED);
        assertThat(lifeOf(hostNet, goodOnHost)).containsExactly(CONNECTED);
        assertExchanges(real, realOnHost);
        assertGoodClientExchanges();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageHandshakes")
    void tcpGarbageInPlaceOfAResumeEndsOnlyThatConnectionAsAProtocolError(String name, byte[] garbage)
            throws IOException {
        startTcp("");
        TcpSession real = sessionStranger();
        Peer realOnHost = hostPeerOf(real.socket);

        RawSocket attacker = stranger();
        attacker.write(garbage);

        assertThat(attacker.readUntilEndOfStream()).as("no answer to garbage").isEmpty();
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().protocolErrors()).isEqualTo(1);
        assertThat(host.stats().refused()).isZero();
        assertOnlyKnownPeersWereSeen(realOnHost);
        assertThat(lifeOf(hostNet, realOnHost)).containsExactly(CONNECTED);
        assertExchanges(real, realOnHost);
        assertGoodClientExchanges();
    }

    static Stream<Arguments> garbageHandshakes() {
        byte[] token = new byte[16];
        byte[] wrongMagic = resume(APP, 1, token, 0);
        wrongMagic[2] = 'X';
        byte[] noAppId = ByteBuffer.allocate(7 + 32)
                .putInt(MAGIC)
                .put((byte) VERSION)
                .put((byte) RESUME)
                .put((byte) 0)
                .array();
        return Stream.of(
                arguments("a RESUMED sent to the host", resumed(APP, 0)),
                arguments("a RESUME without an application id", noAppId),
                arguments("a RESUME with a wrong magic", wrongMagic),
                arguments("a handshake of type 0", withType(resume(APP, 1, token, 0), 0)),
                arguments("a handshake of type 6", withType(resume(APP, 1, token, 0), 6)),
                arguments("a handshake of type 255", withType(resume(APP, 1, token, 0), 255)),
                arguments("a REFUSE sent to the host", withType(resume(APP, 1, token, 0), REFUSE)),
                arguments("a WELCOME with a session sent to the host", welcome(APP, 1, token)),
                arguments("an ACK frame instead of a handshake", ack(0)));
    }

    @Test
    void tcpResumeCutShortEndsOnlyThatConnectionAtTheConnectTimeout() throws IOException {
        startTcp("?connectTimeout=300ms");
        TcpSession real = sessionStranger();
        Peer realOnHost = hostPeerOf(real.socket);
        byte[] whole = resume(APP, real.id, real.token, 0);
        int[] cuts = {3, 7, 7 + N, 7 + N + 8, 7 + N + 8 + 16, whole.length - 1};
        List<RawSocket> cutShort = new ArrayList<>();

        for (int cut : cuts) {
            RawSocket s = stranger();
            s.write(Arrays.copyOf(whole, cut));
            cutShort.add(s);
        }

        for (RawSocket s : cutShort) {
            assertThat(s.readUntilEndOfStream()).as("no answer").isEmpty();
        }
        assertThat(loop.until(() -> host.stats().pending() == 0)).isTrue();
        assertThat(host.stats().handshakeTimeouts()).isEqualTo(cuts.length);
        assertThat(host.stats().protocolErrors()).isZero();
        assertOnlyKnownPeersWereSeen(realOnHost);
        assertThat(lifeOf(hostNet, realOnHost)).containsExactly(CONNECTED);
        assertExchanges(real, realOnHost);
        assertGoodClientExchanges();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSessionFrames")
    void tcpBadAckOrHandshakeInASessionEndsItWithProtocolErrorAndNoResume(String name, byte[] bad) throws IOException {
        startTcp("");
        TcpSession real = sessionStranger();
        Peer realOnHost = hostPeerOf(real.socket);
        TcpSession attacker = sessionStranger();
        Peer p = hostPeerOf(attacker.socket);
        assertThat(p.send(2, "m0".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(attacker)).isEqualTo("m0"); // the host sent 8 bytes of the session's data

        attacker.socket.write(bad);

        assertProtocolCloseThenEndOfStream(attacker.socket.readUntilEndOfStream());
        assertThat(loop.until(() -> p.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED, DISCONNECTED);
        assertThat(loop.of(hostNet, DISCONNECTED)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(e.detail()).isNotBlank();
        });

        // The session ended with its connection: its id and token now name nothing.
        RawSocket late = stranger();
        late.write(resume(APP, attacker.id, attacker.token, attacker.received));
        TcpSession fresh = readWelcomeWithSession(late);
        assertThat(fresh.id).isNotEqualTo(attacker.id);

        assertThat(lifeOf(hostNet, realOnHost)).containsExactly(CONNECTED);
        assertExchanges(real, realOnHost);
        assertGoodClientExchanges();
    }

    static Stream<Arguments> badSessionFrames() {
        byte[] backwards = ByteBuffer.allocate(26).put(ack(8)).put(ack(7)).array();
        return Stream.of(
                arguments("an ACK one byte past what was sent", ack(9)),
                arguments("an ACK of 2^63 - 1", ack(Long.MAX_VALUE)),
                arguments("an ACK of 2^64 - 1", ack(-1)),
                arguments("an ACK that goes backwards", backwards),
                arguments("an ACK with a 7-byte offset", frame(8, KIND_ACK, 0, 0, 0, 0, 0, 0, 8)),
                arguments("an ACK with a 9-byte offset", frame(10, KIND_ACK, 0, 0, 0, 0, 0, 0, 0, 8, 0)),
                arguments("a RESUME in the middle of the stream", resume(APP, 1, new byte[16], 0)),
                arguments("a RESUMED in the middle of the stream", resumed(APP, 0)),
                arguments("a second HELLO in the middle of the stream", hello(APP, FLAG_SESSION)));
    }

    @ParameterizedTest(name = "host query \"{0}\", HELLO flags {1}")
    @MethodSource("connectionsWithoutASession")
    void tcpAckOnAConnectionWithoutASessionIsAProtocolError(String query, int flags) throws IOException {
        startTcp(query);
        RawSocket s = stranger();
        s.write(hello(APP, flags));
        assertThat(s.read(8 + N)).as("a WELCOME without a session").isEqualTo(greeting(VERSION, WELCOME, APP));
        assertThat(loop.until(() -> hostPeerOf(s) != null)).isTrue();
        Peer p = hostPeerOf(s);

        s.write(ack(0));

        assertProtocolCloseThenEndOfStream(s.readUntilEndOfStream());
        assertThat(loop.until(() -> p.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED, DISCONNECTED);
        assertThat(loop.of(hostNet, DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertGoodClientExchanges();
    }

    static Stream<Arguments> connectionsWithoutASession() {
        return Stream.of(arguments("", 0), arguments("?reconnect=false", FLAG_SESSION));
    }

    @Test
    void tcpResumeOfASessionThatIsClosingIsRefused() throws IOException {
        startTcp("");
        TcpSession a = sessionStranger();
        Peer p = hostPeerOf(a.socket);
        p.close(); // the raw client never answers the CLOSE: the session stays CLOSING until closeTimeout
        assertThat(p.state()).isEqualTo(PeerState.CLOSING);

        RawSocket b = stranger();
        b.write(resume(APP, a.id, a.token, 0));

        assertRefusal(b.readUntilEndOfStream(), REFUSE_SESSION);
        b.close();
        assertThat(p.state()).isEqualTo(PeerState.CLOSING);
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED);
        a.socket.close();
        assertThat(loop.until(() -> p.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lifeOf(hostNet, p)).containsExactly(CONNECTED, DISCONNECTED);
        assertThat(loop.of(hostNet, DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.CLOSED);
        assertGoodClientExchanges();
    }

    @Test
    void tcpAckOfDataTheHostQueuedButNeverWroteIsAProtocolError() throws IOException {
        startTcp("?sendQueue=512MiB");
        TcpSession a = sessionStranger();
        Peer p = hostPeerOf(a.socket);
        long appended = fillTheLinkTheClientNeverReads(p);

        // PROTOCOL.md: an ACK whose offset goes past what was sent is a protocol error.
        a.socket.write(ack(appended)); // "received" all of it, though megabytes never left the host

        assertThat(loop.until(() -> p.state() == PeerState.DISCONNECTED, Duration.ofSeconds(5)))
                .as("an ACK past what was sent ends the connection")
                .isTrue();
        assertThat(loop.of(hostNet, DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        assertGoodClientExchanges();
    }

    @Test
    void tcpAckOfDataNeverWrittenCannotLiftTheSendQueueBound() throws IOException {
        int limit = 1 << 20;
        int size = 256 * 1024;
        startTcp("?sendQueue=1MiB");
        TcpSession a = sessionStranger();
        Peer p = hostPeerOf(a.socket);
        long appended = 0;

        // Until the host holds 16 times its sendQueue in memory, or ends the connection; the kernel's
        // buffers on loopback take tens of MiB before anything is held.
        for (int round = 0;
                round < 256
                        && p.state() == PeerState.CONNECTED
                        && appended - p.stats().bytesSent() <= 16L * limit;
                round++) {
            // The game sends until the queue pushes back; the raw client reads nothing and
            // "acknowledges" all of it, as a client could that guesses what the game sends.
            for (int i = 0; i < 8 && p.send(3, new byte[size], Delivery.RELIABLE) == SendResult.QUEUED; i++) {
                appended += 6 + size;
            }
            loop.pollOnce();
            a.socket.write(ack(appended));
            long acked = appended;
            loop.until(() -> p.state() != PeerState.CONNECTED || p.stats().queuedBytes() < acked);
        }

        if (p.state() == PeerState.CONNECTED) {
            long held = appended - p.stats().bytesSent(); // bytesSent counts the WELCOME and PINGs too
            assertThat(held)
                    .as("bytes the host holds for a client that read nothing, with sendQueue=1MiB")
                    .isLessThanOrEqualTo(limit + size);
        } else {
            assertThat(loop.of(hostNet, DISCONNECTED))
                    .singleElement()
                    .extracting(NetEvent::reason)
                    .isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        }
        assertGoodClientExchanges();
    }

    @Test
    void tcpResumeClaimingDataTheHostQueuedButNeverWroteEndsOnlyThatConnection() throws IOException {
        startTcp("?sendQueue=512MiB");
        TcpSession a = sessionStranger();
        Peer p = hostPeerOf(a.socket);
        long appended = fillTheLinkTheClientNeverReads(p);

        // PROTOCOL.md: a received offset past what the host ever sent is a protocol error on the new
        // connection only.
        RawSocket liar = stranger();
        liar.write(resume(APP, a.id, a.token, appended));

        assertThat(loop.until(
                        () -> liar.isClosed() || !loop.of(hostNet, RECONNECTING).isEmpty()))
                .isTrue();
        assertThat(lifeOf(hostNet, p)).as("the session stays where it was").containsExactly(CONNECTED);
        assertThat(host.stats().protocolErrors()).isEqualTo(1);
        assertThat(p.remoteAddress().getPort()).isEqualTo(a.socket.localPort());
        assertGoodClientExchanges();
    }

    /**
     * Queues messages for a raw client that reads none of them until the host's writes stall with
     * at least 4 MiB still queued (the kernel's buffers take tens of MiB on loopback first);
     * returns the session's data offset after the last byte queued.
     */
    private long fillTheLinkTheClientNeverReads(Peer p) {
        int size = 512 * 1024;
        long appended = 0;
        for (int round = 0; round < 32; round++) {
            for (int i = 0; i < 16; i++) {
                assertThat(p.send(3, new byte[size], Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
                appended += 6 + size;
            }
            awaitWritesStall(p);
            if (appended - p.stats().bytesSent() >= 4 << 20) {
                return appended;
            }
        }
        throw new AssertionError("the host wrote everything to a client that reads nothing");
    }

    /** Polls until the peer's bytesSent stays the same for 20 polls in a row. */
    private void awaitWritesStall(Peer p) {
        long[] last = {-1};
        int[] stable = {0};
        assertThat(loop.until(() -> {
                    long sent = p.stats().bytesSent();
                    stable[0] = sent == last[0] ? stable[0] + 1 : 0;
                    last[0] = sent;
                    return stable[0] >= 20;
                }))
                .as("the host's writes stall")
                .isTrue();
    }

    // ---- the client's side: a fake host answers the session handshake wrong ----

    @Test
    void tcpClientThatGetsARESUMEDInPlaceOfAWelcomeEndsWithProtocolError() throws IOException {
        startClientOnly();
        FakeHost fake = fakeHost();
        Peer client = clientNet.connect(fake.uri());
        RawSocket s = fake.accept();
        assertThat(s.read(9 + N)).isEqualTo(hello(APP, FLAG_SESSION));

        s.write(resumed(APP, 0));

        assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(loop.events(clientNet)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DISCONNECTED);
            assertThat(e.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAcksToAClient")
    void tcpClientThatGetsABadAckEndsWithProtocolError(String name, boolean withSession, byte[] bad)
            throws IOException {
        startClientOnly();
        FakeHost fake = fakeHost();
        Peer client = clientNet.connect(fake.uri());
        RawSocket s = fake.accept();
        assertThat(s.read(9 + N)).isEqualTo(hello(APP, FLAG_SESSION));
        s.write(withSession ? welcome(APP, 42, new byte[16]) : greeting(VERSION, WELCOME, APP));
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();
        assertThat(client.send(0, "a".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(new TcpSession(s, 42, new byte[16]))).isEqualTo("a"); // the client sent 7 bytes

        s.write(bad);

        assertProtocolCloseThenEndOfStream(s.readUntilEndOfStream());
        assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lifeOf(clientNet, client)).containsExactly(CONNECTED, DISCONNECTED);
        assertThat(loop.of(clientNet, DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.PROTOCOL_ERROR);
    }

    static Stream<Arguments> badAcksToAClient() {
        return Stream.of(
                arguments("an ACK past what the client sent", true, ack(8)),
                arguments(
                        "an ACK that goes backwards",
                        true,
                        ByteBuffer.allocate(26).put(ack(7)).put(ack(6)).array()),
                arguments("an ACK to a client without a session", false, ack(0)),
                arguments("a RESUMED in the middle of the stream", true, resumed(APP, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResumedAnswers")
    void tcpClientThatGetsARESUMEDAtAnOffsetItNeverSentEndsWithProtocolError(String name, boolean ackFirst, long offset)
            throws IOException {
        startClientOnly();
        FakeHost fake = fakeHost();
        Peer client = clientNet.connect(fake.uri() + "?reconnectDelay=10ms&reconnectDelayMax=50ms");
        long id = 0x5E55_1011L;
        byte[] token = randomToken(new Random(id));
        RawSocket first = connectWithSession(fake, client, id, token);
        if (ackFirst) {
            first.write(ack(7));
            assertThat(loop.until(() -> client.stats().queuedBytes() == 0)).isTrue();
        }
        first.close(); // no CLOSE: the link is lost, the session is kept

        assertThat(loop.until(() -> client.state() == PeerState.RECONNECTING)).isTrue();
        RawSocket second = fake.accept();
        assertResume(second.read(RESUME_LENGTH), id, token, 0);
        second.write(resumed(APP, offset));

        assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lifeOf(clientNet, client)).containsExactly(CONNECTED, RECONNECTING, DISCONNECTED);
        assertThat(loop.of(clientNet, DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.PROTOCOL_ERROR);
    }

    static Stream<Arguments> badResumedAnswers() {
        return Stream.of(
                arguments("one byte past what the client sent", false, 8L),
                arguments("2^64 - 1", false, -1L),
                arguments("below what the host had acknowledged", true, 0L));
    }

    @Test
    void tcpClientThatGetsATruncatedRESUMEDTriesAgainAndResumes() throws IOException {
        startClientOnly();
        FakeHost fake = fakeHost();
        Peer client = clientNet.connect(fake.uri() + "?reconnectDelay=10ms&reconnectDelayMax=50ms");
        long id = 0x5E55_1012L;
        byte[] token = randomToken(new Random(id));
        RawSocket first = connectWithSession(fake, client, id, token);
        first.close();
        assertThat(loop.until(() -> client.state() == PeerState.RECONNECTING)).isTrue();

        RawSocket second = fake.accept();
        assertResume(second.read(RESUME_LENGTH), id, token, 0);
        second.write(Arrays.copyOf(resumed(APP, 0), RESUMED_LENGTH - 3)); // cut short, then gone
        second.close();

        RawSocket third = fake.accept();
        assertResume(third.read(RESUME_LENGTH), id, token, 0);
        assertThat(client.state()).isEqualTo(PeerState.RECONNECTING);
        third.write(resumed(APP, 0)); // the fake host never read the "a": the client sends it again
        TcpSession onFake = new TcpSession(third, id, token);
        assertThat(readData(onFake)).isEqualTo("a");
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();
        assertThat(lifeOf(clientNet, client)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertThat(loop.of(clientNet, RECONNECTED))
                .singleElement()
                .extracting(NetEvent::resumed)
                .isEqualTo(true);
        assertThat(client.send(0, "b".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(onFake)).isEqualTo("b");
    }

    @Test
    void tcpClientWhoseResumeIsRefusedForItsTokenEndsTheSession() throws IOException {
        startClientOnly();
        FakeHost fake = fakeHost();
        Peer client = clientNet.connect(fake.uri() + "?reconnectDelay=10ms&reconnectDelayMax=50ms");
        long id = 0x5E55_1013L;
        byte[] token = randomToken(new Random(id));
        RawSocket first = connectWithSession(fake, client, id, token);
        first.close();
        assertThat(loop.until(() -> client.state() == PeerState.RECONNECTING)).isTrue();

        RawSocket second = fake.accept();
        assertResume(second.read(RESUME_LENGTH), id, token, 0);
        second.write(refusal(REFUSE_SESSION, "the session token does not match"));

        assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lifeOf(clientNet, client)).containsExactly(CONNECTED, RECONNECTING, DISCONNECTED);
        assertThat(loop.of(clientNet, DISCONNECTED)).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(DisconnectReason.REFUSED);
            assertThat(e.detail()).contains("token");
        });
    }

    // =================================== UDP ===================================

    @Test
    void udpResumeHelloWithAWrongTokenAndAGoodCookieIsRefusedAndTheSessionCarriesOn() throws IOException {
        f = UdpHostFixture.start("");
        UdpSession real = udpSession(0x1001);
        Peer p = f.hostPeerOf(real.socket);
        UdpSession other = udpSession(0x1002);
        List<byte[]> wrongTokens =
                List.of(new byte[16], flipped(real.token, 15, 0x01), flipped(real.token, 0, 0x80), other.token);
        HostStats before = f.host.stats();
        RawUdp thief = f.stranger();
        long nonce = 0x7000;
        int tries = 0;

        for (byte[] token : wrongTokens) {
            for (int flags :
                    new int[] {UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME, UdpWireBytes.FLAG_RESUME}) {
                long n = ++nonce;
                byte[] cookie = cookieOf(thief.challenge(n));
                byte[] hello = UdpWireBytes.hello(n, cookie, flags, real.id, token);
                thief.send(hello);
                byte[] refusal = thief.receive();
                assertUdpRefusal(refusal, n, UdpWireBytes.REFUSE_SESSION);
                assertThat(refusal).hasSizeLessThanOrEqualTo(hello.length);
                tries++;
            }
        }

        f.pollAWhile();
        assertThat(thief.drain()).as("nothing but the REFUSEs").isEmpty();
        HostStats after = f.host.stats();
        assertThat(after.refused()).isEqualTo(before.refused() + tries);
        assertThat(after.accepted()).isEqualTo(before.accepted());
        assertThat(after.connected()).isEqualTo(before.connected());
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED);
        assertThat(f.loop.of(f.hostNet, RECONNECTING)).isEmpty();
        assertThat(f.loop.of(f.hostNet, DISCONNECTED)).isEmpty();
        assertThat(p.remoteAddress().getPort()).isEqualTo(real.socket.localPort());
        assertUdpExchanges(real.socket, p);
        f.assertGoodClientExchanges();
    }

    @Test
    void udpResumeHelloWithTheRightTokenFromANewSocketMovesTheSession() throws IOException {
        f = UdpHostFixture.start("");
        UdpSession a = udpSession(0x2001);
        Peer p = f.hostPeerOf(a.socket);
        assertUdpExchanges(a.socket, p); // the raw client never acknowledges: the host's message stays in flight
        assertThat(p.send(2, "m0".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        a.socket.receive(d -> carries(d, "m0"));

        RawUdp b = f.stranger();
        assertThat(b.localPort()).isNotEqualTo(a.socket.localPort());
        b.adopt(a.socket); // the connection id, and the packet numbers go on
        long nonce = 0x2002;
        byte[] cookie = cookieOf(b.challenge(nonce));
        byte[] hello =
                UdpWireBytes.hello(nonce, cookie, UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME, a.id, a.token);
        b.send(hello);
        byte[] welcome = b.receive(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME);
        a.socket.drain(); // all the host sent to the old address before the switch

        ByteBuffer w = ByteBuffer.wrap(welcome);
        assertThat(w.getLong(1)).as("the new nonce").isEqualTo(nonce);
        assertThat(w.getLong(9)).as("the same connection id").isEqualTo(a.id);
        assertThat(welcome[19] & 0xff)
                .as("flags: session | resumed")
                .isEqualTo(UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME);
        assertThat(welcome).hasSizeLessThanOrEqualTo(hello.length);
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertThat(f.loop.of(f.hostNet, RECONNECTED)).singleElement().satisfies(e -> {
            assertThat(e.peer()).isSameAs(p);
            assertThat(e.resumed()).isTrue();
        });
        assertThat(p.state()).isEqualTo(PeerState.CONNECTED);
        assertThat(p.remoteAddress().getPort()).isEqualTo(b.localPort());

        b.receive(d -> carries(d, "m0")); // unacknowledged when the session moved: sent again, to the new address
        assertUdpExchanges(b, p);
        f.pollAWhile();
        assertThat(a.socket.drain())
                .as("nothing goes to the old address after the switch")
                .noneMatch(d -> UdpWireBytes.type(d) == UdpWireBytes.PACKET);
        assertThat(f.host.peers()).containsExactlyInAnyOrder(f.goodOnHost, p);
        assertThat(f.host.stats().connected()).isEqualTo(2);
        f.assertGoodClientExchanges();
    }

    @Test
    void udpResumeHelloShorterThanTheSessionsMtuIsRefusedNoLargerThanItself() throws IOException {
        f = UdpHostFixture.start("");
        UdpSession a = udpSession(0x2101); // 1,200-byte datagrams
        Peer p = f.hostPeerOf(a.socket);
        RawUdp b = f.stranger();
        long nonce = 0x2102;
        byte[] cookie = cookieOf(b.challenge(nonce));
        byte[] hello = UdpWireBytes.hello(
                nonce, cookie, UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME, a.id, a.token, 600);

        b.send(hello);

        byte[] refusal = b.receive();
        assertUdpRefusal(refusal, nonce, UdpWireBytes.REFUSE_SESSION);
        assertThat(refusal).hasSizeLessThanOrEqualTo(600);
        f.pollAWhile();
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED);
        assertThat(p.remoteAddress().getPort()).isEqualTo(a.socket.localPort());
        assertUdpExchanges(a.socket, p);
        f.assertGoodClientExchanges();
    }

    @Test
    @Timeout(120)
    void udpFloodOfResumeHellosWithoutAGoodCookieMakesNoStateAndOnlyChallenges() throws IOException {
        f = UdpHostFixture.start("");
        UdpSession real = udpSession(0x3001);
        Peer p = f.hostPeerOf(real.socket);
        RawUdp attacker = f.stranger();
        byte[] issued = cookieOf(attacker.challenge(0x3002)); // a good cookie, for another nonce
        HostStats before = f.host.stats();
        int eventsBefore = f.loop.events(f.hostNet).size();
        Random random = new Random(20_240_603);
        int perKind = 2_000;
        int batch = 50;
        int challenges = 0;

        for (int start = 0; start < 2 * perKind; start += batch) {
            Map<Long, Integer> sizes = new HashMap<>();
            for (int i = start; i < start + batch; i++) {
                long nonce = random.nextLong();
                long id = i % 5 == 0 ? real.id : random.nextLong();
                int flags =
                        i % 2 == 0 ? UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME : UdpWireBytes.FLAG_RESUME;
                int size = 508 + random.nextInt(1200 - 508 + 1);
                byte[] hello = UdpWireBytes.hello(
                        nonce, forgedCookie(i, perKind, issued, random), flags, id, randomToken(random), size);
                sizes.put(nonce, size);
                attacker.send(hello);
            }
            List<byte[]> answers = new ArrayList<>();
            assertThat(f.until(() -> {
                        answers.addAll(attacker.drain());
                        return answers.size() >= batch;
                    }))
                    .as("an answer to each HELLO from %d on", start)
                    .isTrue();
            for (byte[] a : answers) {
                assertThat(UdpWireBytes.type(a)).isEqualTo(UdpWireBytes.CHALLENGE);
                long nonce = ByteBuffer.wrap(a).getLong(1);
                assertThat(sizes).containsKey(nonce);
                assertThat(a).hasSize(UdpWireBytes.CHALLENGE_SIZE).hasSizeLessThanOrEqualTo(sizes.remove(nonce));
            }
            challenges += answers.size();
        }

        f.pollAWhile();
        assertThat(attacker.drain()).isEmpty();
        assertThat(challenges).as("one CHALLENGE per HELLO").isEqualTo(2 * perKind);
        HostStats after = f.host.stats();
        assertThat(after.accepted()).isEqualTo(before.accepted());
        assertThat(after.connected()).isEqualTo(before.connected());
        assertThat(after.refused()).isEqualTo(before.refused());
        assertThat(after.pending()).isZero();
        assertThat(f.host.peers()).containsExactlyInAnyOrder(f.goodOnHost, p);
        assertThat(f.loop.events(f.hostNet)
                        .subList(eventsBefore, f.loop.events(f.hostNet).size()))
                .allSatisfy(e -> assertThat(e.type()).isEqualTo(DATA));
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED);
        assertUdpExchanges(real.socket, p);
        f.assertGoodClientExchanges();
    }

    @Test
    void udpReplayOfTheOriginalHelloAfterAResumeMakesNoNewPeer() throws IOException {
        f = UdpHostFixture.start("");
        UdpSession a = udpSession(0x4001);
        Peer p = f.hostPeerOf(a.socket);
        RawUdp b = f.stranger();
        b.adopt(a.socket);
        long nonce = 0x4002;
        byte[] cookie = cookieOf(b.challenge(nonce));
        byte[] resumeHello =
                UdpWireBytes.hello(nonce, cookie, UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME, a.id, a.token);
        b.send(resumeHello);
        byte[] welcome = b.receive(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME);
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        a.socket.drain();
        HostStats before = f.host.stats();

        a.socket.send(a.hello); // the original HELLO, its cookie still good, from its own address
        a.socket.send(UdpWireBytes.hello(a.nonce, UdpWireBytes.zeroCookie(), UdpWireBytes.FLAG_SESSION, 0, null));
        b.send(a.hello); // from the new address, for which that cookie was not made

        assertThat(f.until(() -> f.host.stats().datagramsDropped() >= before.datagramsDropped() + 3))
                .as("the replays are dropped")
                .isTrue();
        f.pollAWhile();
        assertThat(a.socket.drain()).noneMatch(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME);
        assertThat(b.drain()).noneMatch(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME);

        b.send(resumeHello); // as a client whose WELCOME was lost
        assertThat(b.receive(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME))
                .as("the same WELCOME again")
                .isEqualTo(welcome);
        f.pollAWhile();
        HostStats after = f.host.stats();
        assertThat(after.accepted()).isEqualTo(before.accepted());
        assertThat(after.connected()).isEqualTo(before.connected());
        assertThat(f.host.peers()).containsExactlyInAnyOrder(f.goodOnHost, p);
        assertThat(f.loop.of(f.hostNet, CONNECTED)).hasSize(2);
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertThat(p.remoteAddress().getPort()).isEqualTo(b.localPort());
        assertUdpExchanges(b, p);
        f.assertGoodClientExchanges();
    }

    @Test
    void udpResumeHelloForASessionThatIsClosingIsRefused() throws IOException {
        f = UdpHostFixture.start("");
        UdpSession a = udpSession(0x5001);
        Peer p = f.hostPeerOf(a.socket);
        p.close(); // the raw client never acknowledges the CLOSE: the session stays CLOSING until closeTimeout
        assertThat(p.state()).isEqualTo(PeerState.CLOSING);
        RawUdp b = f.stranger();
        long nonce = 0x5002;
        byte[] cookie = cookieOf(b.challenge(nonce));

        b.send(UdpWireBytes.hello(nonce, cookie, UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME, a.id, a.token));

        assertUdpRefusal(b.receive(), nonce, UdpWireBytes.REFUSE_SESSION);
        assertThat(p.state()).isEqualTo(PeerState.CLOSING);
        assertThat(p.remoteAddress().getPort()).isEqualTo(a.socket.localPort());
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED);
        f.assertGoodClientExchanges();
    }

    @Test
    void udpRepeatedHelloShorterThanTheWelcomeGetsNoLargerAnswer() throws IOException {
        f = UdpHostFixture.start("");
        // PROTOCOL.md: no answer is larger than the HELLO it answers, so the host cannot be used to
        // amplify an attack on the address a HELLO claims to come from.
        UdpSession a = udpSession(0x6001); // its WELCOME is 1,200 bytes
        Peer p = f.hostPeerOf(a.socket);
        byte[] cookieA = Arrays.copyOfRange(a.hello, 14, 30);

        a.socket.send(UdpWireBytes.hello(a.nonce, cookieA, UdpWireBytes.FLAG_SESSION, 0, null, 508));
        f.pollAWhile();
        assertThat(answerSizes(a.socket))
                .as("sizes of the answers to a repeated 508-byte HELLO")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(508));

        RawUdp b = f.stranger();
        b.adopt(a.socket);
        long nonce = 0x6002;
        byte[] cookie = cookieOf(b.challenge(nonce));
        int flags = UdpWireBytes.FLAG_SESSION | UdpWireBytes.FLAG_RESUME;
        b.send(UdpWireBytes.hello(nonce, cookie, flags, a.id, a.token));
        b.receive(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME);
        b.send(UdpWireBytes.hello(nonce, cookie, flags, a.id, a.token, 508));
        f.pollAWhile();
        assertThat(answerSizes(b))
                .as("sizes of the answers to a repeated 508-byte resume HELLO")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(508));
        assertThat(lifeOf(f.hostNet, p)).containsExactly(CONNECTED, RECONNECTING, RECONNECTED);
        assertUdpExchanges(b, p);
    }

    // =================================== helpers ===================================

    /** A raw TCP client's view of a session: its socket, id and token, and both data offsets. */
    private static final class TcpSession {
        final RawSocket socket;
        final long id;
        final byte[] token;
        /** The session's data offset this side has read: bytes of DATA and CLOSE frames. */
        long received;
        /** The session's data offset the host has read from this side. */
        long hostReceived;

        TcpSession(RawSocket socket, long id, byte[] token) {
            this.socket = socket;
            this.id = id;
            this.token = token;
        }

        /** The same session, resumed on {@code other}. */
        TcpSession movedTo(RawSocket other) {
            TcpSession moved = new TcpSession(other, id, token);
            moved.received = received;
            moved.hostReceived = hostReceived;
            return moved;
        }
    }

    private void startTcp(String query) {
        loop = new Loop();
        hostNet = open();
        clientNet = open();
        host = hostNet.listen("tcp://127.0.0.1:0" + query);
        good = clientNet.connect("tcp://127.0.0.1:" + host.port());
        assertThat(loop.until(() -> good.state() == PeerState.CONNECTED
                        && !loop.of(hostNet, CONNECTED).isEmpty()))
                .isTrue();
        goodOnHost = loop.of(hostNet, CONNECTED).get(0).peer();
        assertGoodClientExchanges();
    }

    private void startClientOnly() {
        loop = new Loop();
        clientNet = open();
    }

    private Net open() {
        Net net = Net.open();
        nets.add(net);
        loop.add(net);
        return net;
    }

    private RawSocket stranger() throws IOException {
        RawSocket s = new RawSocket(loop, host.port());
        closeables.add(s::close);
        return s;
    }

    /** A raw client that asked for a session in its HELLO and kept the WELCOME's id and token. */
    private TcpSession sessionStranger() throws IOException {
        RawSocket s = stranger();
        s.write(hello(APP, FLAG_SESSION));
        TcpSession session = readWelcomeWithSession(s);
        assertThat(loop.until(() -> hostPeerOf(s) != null)).isTrue();
        return session;
    }

    private static TcpSession readWelcomeWithSession(RawSocket s) {
        ByteBuffer w = ByteBuffer.wrap(s.read(WELCOME_WITH_SESSION));
        assertThat(w.getInt(0)).as("magic").isEqualTo(MAGIC);
        assertThat(w.get(4)).as("version").isEqualTo((byte) VERSION);
        assertThat(w.get(5)).as("type").isEqualTo((byte) WELCOME);
        assertThat(w.get(6)).as("application id length").isEqualTo((byte) N);
        assertThat(w.get(7 + N)).as("flags: a session follows").isEqualTo((byte) FLAG_SESSION);
        byte[] token = new byte[16];
        w.get(16 + N, token);
        return new TcpSession(s, w.getLong(8 + N), token);
    }

    private Peer hostPeerOf(RawSocket s) {
        for (NetEvent e : loop.of(hostNet, CONNECTED)) {
            if (e.peer().remoteAddress().getPort() == s.localPort()) {
                return e.peer();
            }
        }
        return null;
    }

    /** One frame, read whole: its kind and body. */
    private record Frame(int kind, byte[] body) {}

    private static Frame readFrame(RawSocket s) {
        int length = ByteBuffer.wrap(s.read(4)).getInt();
        assertThat(length).as("frame length").isBetween(1, 1 << 20);
        byte[] rest = s.read(length);
        return new Frame(rest[0] & 0xff, Arrays.copyOfRange(rest, 1, rest.length));
    }

    /** Reads frames up to the next DATA frame, passing PINGs, PONGs and ACKs; returns its text. */
    private static String readData(TcpSession session) {
        while (true) {
            Frame frame = readFrame(session.socket);
            if (frame.kind >= KIND_DATA && frame.kind < KIND_DATA + 4) {
                session.received += 4 + 1 + frame.body.length;
                return new String(frame.body, 1, frame.body.length - 1, UTF_8);
            }
            assertThat(frame.kind)
                    .as("only PING, PONG and ACK frames between the DATA frames")
                    .isIn(KIND_PING, KIND_PONG, KIND_ACK);
        }
    }

    /** One message from the raw session to the host and one back, each seen by the other side. */
    private void assertExchanges(TcpSession s, Peer onHost) throws IOException {
        String up = "up " + round++;
        s.socket.write(data(1, up.getBytes(UTF_8)));
        s.hostReceived += 6 + up.length();
        assertThat(loop.until(() -> texts(hostNet, onHost).contains(up)))
                .as("the host got " + up)
                .isTrue();
        String down = "down " + round++;
        assertThat(onHost.send(2, down.getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(s)).isEqualTo(down);
        assertThat(onHost.state()).isEqualTo(PeerState.CONNECTED);
    }

    /** One request from the good netloop client and one answer from the host. */
    private void assertGoodClientExchanges() {
        String ask = "ask " + round++;
        assertThat(good.send(ask.getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
        assertThat(loop.until(() -> texts(hostNet, goodOnHost).contains(ask))).isTrue();
        assertThat(goodOnHost.send(("re " + ask).getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
        assertThat(loop.until(() -> texts(clientNet, good).contains("re " + ask)))
                .isTrue();
        assertThat(good.state()).isEqualTo(PeerState.CONNECTED);
    }

    /** The host saw no peer but the good client and {@code others}. */
    private void assertOnlyKnownPeersWereSeen(Peer... others) {
        List<Peer> known = new ArrayList<>(List.of(others));
        known.add(goodOnHost);
        assertThat(loop.events(hostNet)).allSatisfy(e -> assertThat(known).contains(e.peer()));
    }

    private List<NetEvent> dataEvents(Net net, Peer from) {
        return loop.of(net, DATA).stream().filter(e -> e.peer() == from).toList();
    }

    private List<String> texts(Net net, Peer from) {
        return dataEvents(net, from).stream()
                .map(e -> new String(e.data(), UTF_8))
                .toList();
    }

    /** The types of the events about {@code peer}, DATA left out. */
    private List<NetEvent.Type> lifeOf(Net net, Peer peer) {
        Loop l = f != null ? f.loop : loop;
        return l.events(net).stream()
                .filter(e -> e.peer() == peer && e.type() != DATA)
                .map(NetEvent::type)
                .toList();
    }

    private static void assertRefusal(byte[] refusal, int code) {
        ByteBuffer r = ByteBuffer.wrap(refusal);
        assertThat(refusal.length).as("a REFUSE").isGreaterThanOrEqualTo(8);
        assertThat(r.getInt(0)).as("magic").isEqualTo(MAGIC);
        assertThat(r.get(4)).as("version").isEqualTo((byte) VERSION);
        assertThat(r.get(5)).as("type").isEqualTo((byte) REFUSE);
        assertThat(r.get(6)).as("code").isEqualTo((byte) code);
        assertThat(r.get(7) & 0xff).as("reason length").isPositive().isEqualTo(refusal.length - 8);
    }

    private static byte[] refusal(int code, String reason) {
        byte[] text = reason.getBytes(UTF_8);
        return ByteBuffer.allocate(8 + text.length)
                .putInt(MAGIC)
                .put((byte) VERSION)
                .put((byte) REFUSE)
                .put((byte) code)
                .put((byte) text.length)
                .put(text)
                .array();
    }

    private static void assertResumed(byte[] answer, long hostReceived) {
        ByteBuffer r = ByteBuffer.wrap(answer);
        assertThat(r.getInt(0)).as("magic").isEqualTo(MAGIC);
        assertThat(r.get(4)).as("version").isEqualTo((byte) VERSION);
        assertThat(r.get(5)).as("type").isEqualTo((byte) RESUMED);
        assertThat(r.get(6)).as("application id length").isEqualTo((byte) N);
        assertThat(new String(answer, 7, N, UTF_8)).isEqualTo(APP);
        assertThat(r.getLong(7 + N)).as("the host's received offset").isEqualTo(hostReceived);
    }

    private static void assertResume(byte[] resume, long id, byte[] token, long received) {
        assertThat(resume).isEqualTo(WireBytes.resume(APP, id, token, received));
    }

    /** Nothing but PINGs, PONGs and ACKs may precede the CLOSE frame, whose code says protocol error. */
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
                assertThat(kind).as("only PING, PONG and ACK before the CLOSE").isIn(KIND_PING, KIND_PONG, KIND_ACK);
                b.position(b.position() + length - 1);
            }
        }
        assertThat(closeCode).as("CLOSE code: protocol error").isEqualTo(CLOSE_PROTOCOL);
        assertThat(b.remaining()).as("nothing after the CLOSE").isZero();
    }

    private static byte[] withType(byte[] handshake, int type) {
        byte[] b = handshake.clone();
        b[5] = (byte) type;
        return b;
    }

    private static byte[] flipped(byte[] token, int at, int bit) {
        byte[] b = token.clone();
        b[at] ^= (byte) bit;
        return b;
    }

    private static byte[] randomToken(Random random) {
        byte[] token = new byte[16];
        random.nextBytes(token);
        return token;
    }

    // ---- a fake TCP host, on the test's thread ----

    private FakeHost fakeHost() throws IOException {
        FakeHost fake = new FakeHost();
        closeables.add(fake);
        return fake;
    }

    private final class FakeHost implements Closeable {
        private final ServerSocketChannel server;

        FakeHost() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.configureBlocking(false);
        }

        String uri() throws IOException {
            return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        /** Polls the nets until a client connects. */
        RawSocket accept() throws IOException {
            SocketChannel[] got = new SocketChannel[1];
            assertThat(loop.until(() -> {
                        try {
                            got[0] = server.accept();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return got[0] != null;
                    }))
                    .as("a client connects to the fake host")
                    .isTrue();
            RawSocket s = new RawSocket(loop, got[0]);
            closeables.add(s::close);
            return s;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A netloop client's first connection to the fake host, which grants it a session; it sent "a". */
    private RawSocket connectWithSession(FakeHost fake, Peer client, long id, byte[] token) throws IOException {
        RawSocket s = fake.accept();
        assertThat(s.read(9 + N)).isEqualTo(hello(APP, FLAG_SESSION));
        s.write(welcome(APP, id, token));
        assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();
        assertThat(client.send(0, "a".getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        assertThat(readData(new TcpSession(s, id, token))).isEqualTo("a");
        return s;
    }

    // ---- UDP ----

    /** A raw UDP client that asked for a session, and what it needs to resume it or replay its HELLO. */
    private record UdpSession(RawUdp socket, long nonce, byte[] hello, long id, byte[] token) {}

    private UdpSession udpSession(long nonce) throws IOException {
        RawUdp s = f.stranger();
        byte[] cookie = cookieOf(s.challenge(nonce));
        byte[] hello = UdpWireBytes.hello(nonce, cookie, UdpWireBytes.FLAG_SESSION, 0, null);
        s.send(hello);
        byte[] welcome = s.receive(d -> UdpWireBytes.type(d) == UdpWireBytes.WELCOME);
        ByteBuffer w = ByteBuffer.wrap(welcome);
        assertThat(w.getLong(1)).as("nonce").isEqualTo(nonce);
        assertThat(welcome[19] & 0xff).as("flags: a session").isEqualTo(UdpWireBytes.FLAG_SESSION);
        long id = w.getLong(9);
        s.useConnection(id);
        assertThat(f.until(() -> f.hostPeerOf(s) != null)).isTrue();
        return new UdpSession(s, nonce, hello, id, Arrays.copyOfRange(welcome, 20, 36));
    }

    /** One RELIABLE message from the raw client to the host and one back, each seen by the other side. */
    private void assertUdpExchanges(RawUdp s, Peer onHost) {
        String up = "up " + round++;
        s.sendPacket(UdpWireBytes.message(Delivery.RELIABLE, 1, udpUpSequence++, up.getBytes(UTF_8)));
        assertThat(f.until(() -> f.texts(f.hostNet, onHost).contains(up)))
                .as("the host got " + up)
                .isTrue();
        String down = "down " + round++;
        assertThat(onHost.send(2, down.getBytes(UTF_8), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
        s.receive(d -> carries(d, down));
        assertThat(onHost.state()).isEqualTo(PeerState.CONNECTED);
    }

    /** The sizes of the handshake datagrams waiting at {@code s}; connected packets are left out. */
    private static List<Integer> answerSizes(RawUdp s) {
        return s.drain().stream()
                .filter(d -> UdpWireBytes.type(d) != UdpWireBytes.PACKET)
                .map(d -> d.length)
                .toList();
    }

    private static boolean carries(byte[] datagram, String text) {
        return UdpWireBytes.type(datagram) == UdpWireBytes.PACKET
                && UdpWireBytes.frames(datagram).stream()
                        .anyMatch(fr -> fr.isMessage() && new String(fr.payload(), UTF_8).equals(text));
    }

    /** Half the flood has no cookie; the rest a random one, a good issue time with a random MAC, or another nonce's. */
    private static byte[] forgedCookie(int i, int perKind, byte[] issued, Random random) {
        if (i < perKind) {
            return UdpWireBytes.zeroCookie();
        }
        byte[] cookie = new byte[UdpWireBytes.COOKIE];
        switch (i % 3) {
            case 0 -> random.nextBytes(cookie);
            case 1 -> {
                random.nextBytes(cookie);
                System.arraycopy(issued, 0, cookie, 0, 4);
            }
            default -> System.arraycopy(issued, 0, cookie, 0, cookie.length);
        }
        return cookie;
    }

    private static byte[] cookieOf(byte[] challenge) {
        assertThat(UdpWireBytes.type(challenge)).isEqualTo(UdpWireBytes.CHALLENGE);
        return Arrays.copyOfRange(challenge, UdpWireBytes.COOKIE_AT, UdpWireBytes.CHALLENGE_SIZE);
    }

    private static void assertUdpRefusal(byte[] refusal, long nonce, int code) {
        ByteBuffer r = ByteBuffer.wrap(refusal);
        assertThat(UdpWireBytes.type(refusal)).isEqualTo(UdpWireBytes.REFUSE);
        assertThat(r.getLong(1)).as("nonce").isEqualTo(nonce);
        assertThat(refusal[9]).as("code").isEqualTo((byte) code);
        assertThat(refusal[10] & 0xff).as("reason length").isPositive().isEqualTo(refusal.length - 11);
    }
}
