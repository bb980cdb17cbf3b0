package io.netloop;

import static io.netloop.UdpWireBytes.CHALLENGE;
import static io.netloop.UdpWireBytes.CHALLENGE_SIZE;
import static io.netloop.UdpWireBytes.COOKIE_AT;
import static io.netloop.UdpWireBytes.PACKET;
import static io.netloop.UdpWireBytes.REFUSE;
import static io.netloop.UdpWireBytes.REFUSE_AGREEMENT;
import static io.netloop.UdpWireBytes.REFUSE_VERSION;
import static io.netloop.UdpWireBytes.REFUSE_WRONG_APP;
import static io.netloop.UdpWireBytes.VERSION;
import static io.netloop.UdpWireBytes.WELCOME;
import static io.netloop.UdpWireBytes.bytes;
import static io.netloop.UdpWireBytes.hello;
import static io.netloop.UdpWireBytes.type;
import static io.netloop.UdpWireBytes.zeroCookie;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * Strangers on raw UDP sockets that send junk or play the handshake wrong get no connection, no
 * event and no answer larger than what they sent, while a well-behaved client on the same {@code
 * udp://} host keeps exchanging messages. {@link UdpHostileConnectionTest} covers what a stranger
 * does after a correct handshake.
 */
@Timeout(30)
class UdpHostileInputTest {
    private UdpHostFixture f;

    @AfterEach
    void close() throws IOException {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("junk")
    void junkIsDroppedAndCountedWithoutAnswerOrConnection(String name, List<byte[]> datagrams) throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        HostStats before = f.host.stats();

        for (int i = 0; i < datagrams.size(); i++) {
            stranger.send(datagrams.get(i));
            if (i % 50 == 49 || i == datagrams.size() - 1) { // in batches that fit any socket buffer
                long expected = before.datagramsDropped() + i + 1;
                assertThat(f.until(() -> f.host.stats().datagramsDropped() == expected))
                        .as("each of the first %d datagrams is counted as dropped", i + 1)
                        .isTrue();
            }
        }
        long expected = before.datagramsDropped() + datagrams.size();
        f.pollAWhile();
        assertThat(stranger.drain()).as("no answer").isEmpty();
        assertThat(f.host.stats().datagramsDropped()).isEqualTo(expected);
        assertThat(f.host.stats().accepted()).isEqualTo(before.accepted());
        assertThat(f.host.stats().refused()).isEqualTo(before.refused());
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    static Stream<Arguments> junk() {
        Random random = new Random(20_240_601);
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] d = new byte[random.nextInt(1_500)];
            random.nextBytes(d);
            garbage.add(d);
        }
        List<byte[]> unknownIds = new ArrayList<>();
        for (long id : new long[] {0, 1, -1, random.nextLong(), random.nextLong()}) {
            unknownIds.add(UdpWireBytes.packet(id, 0, UdpWireBytes.message(Delivery.RELIABLE, 0, 0, bytes(1, 2))));
        }
        byte[] wrongMagic = hello(1, zeroCookie());
        wrongMagic[3] = 'X';
        byte[] noAppId = hello(VERSION, 1, zeroCookie(), "", 1200);
        List<byte[]> truncated = new ArrayList<>();
        for (int n = 1; n < 13; n++) {
            truncated.add(Arrays.copyOf(UdpWireBytes.packet(7, 0), n)); // a PACKET header cut short
        }
        truncated.add(Arrays.copyOf(hello(2, zeroCookie()), 30)); // a HELLO header cut short
        truncated.add(new byte[0]);
        return Stream.of(
                arguments("200 random datagrams", garbage),
                arguments("truncated headers and an empty datagram", truncated),
                arguments(
                        "HELLOs of 38, 100 and 507 bytes",
                        List.of(
                                hello(VERSION, 3, zeroCookie(), "netloop", 38),
                                hello(VERSION, 3, zeroCookie(), "netloop", 100),
                                hello(VERSION, 3, zeroCookie(), "netloop", 507))),
                arguments("a HELLO with a wrong magic", List.of(wrongMagic)),
                arguments("a HELLO without an application id", List.of(noAppId)),
                arguments("packets with unknown connection ids", unknownIds),
                arguments(
                        "a CHALLENGE, a WELCOME and a REFUSE sent to the host",
                        List.of(bytes(CHALLENGE, 1, 2), bytes(WELCOME, 1, 2), bytes(REFUSE, 1, 2))));
    }

    @ParameterizedTest(name = "HELLO of {0} bytes")
    @ValueSource(ints = {508, 1200})
    void firstHelloGetsAChallengeNoLargerThanItAndLeavesNoState(int size) throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        HostStats before = f.host.stats();

        stranger.send(hello(VERSION, 0x1122334455667788L, zeroCookie(), "netloop", size));

        byte[] challenge = stranger.receive();
        assertThat(challenge).hasSize(CHALLENGE_SIZE).hasSizeLessThanOrEqualTo(size);
        assertThat(type(challenge)).isEqualTo(CHALLENGE);
        assertThat(ByteBuffer.wrap(challenge).getLong(1))
                .as("the nonce, echoed")
                .isEqualTo(0x1122334455667788L);
        f.pollAWhile();
        assertThat(stranger.drain()).as("nothing but the CHALLENGE").isEmpty();
        assertThat(f.host.stats().accepted()).isEqualTo(before.accepted());
        assertThat(f.host.stats().connected()).isEqualTo(before.connected());
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    @Test
    void cookieWithAFlippedByteGetsAnotherChallenge() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        for (int at : new int[] {0, 3, 4, 15}) { // the issue time's bytes and the MAC's
            byte[] cookie = cookieOf(stranger.challenge(at));
            cookie[at] ^= 0x01;
            assertRechallenged(stranger, at, cookie);
        }
    }

    @Test
    void cookieIssuedToAnotherNonceGetsAnotherChallenge() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        byte[] cookie = cookieOf(stranger.challenge(1));

        assertRechallenged(stranger, 2, cookie);
    }

    @Test
    void cookieIssuedToAnotherPortGetsAnotherChallenge() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp victim = f.stranger();
        RawUdp thief = f.stranger();
        byte[] cookie = cookieOf(victim.challenge(1));

        assertRechallenged(thief, 1, cookie);
    }

    @Test
    void cookieOlderThanTenSecondsGetsAnotherChallenge() throws IOException {
        FakeClock clock = new FakeClock();
        f = UdpHostFixture.startOnClock(clock, "?timeout=60s"); // the good client lives through the jump
        RawUdp stranger = f.stranger();
        byte[] stale = cookieOf(stranger.challenge(9));

        clock.advance(Duration.ofSeconds(11));

        assertRechallenged(stranger, 9, stale);
        byte[] fresh = cookieOf(stranger.challenge(9));
        stranger.send(hello(9, fresh));
        assertThat(type(stranger.receive())).as("a fresh cookie is good").isEqualTo(WELCOME);
    }

    @Test
    void floodOfHellosWithBadCookiesLeavesTheHostWithoutPeers() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        HostStats before = f.host.stats();
        Random random = new Random(77);
        int hellos = 3_000;
        int challenges = 0;

        for (int batch = 0; batch < hellos / 50; batch++) {
            for (int i = 0; i < 50; i++) {
                byte[] cookie = zeroCookie();
                if (i % 2 == 1) {
                    random.nextBytes(cookie); // a guess
                }
                stranger.send(hello(random.nextLong(), cookie));
            }
            List<byte[]> answers = new ArrayList<>();
            assertThat(f.until(() -> {
                        answers.addAll(stranger.drain());
                        return answers.size() >= 50;
                    }))
                    .as("an answer to each HELLO of batch %d", batch)
                    .isTrue();
            for (byte[] a : answers) {
                assertThat(type(a)).isEqualTo(CHALLENGE);
                assertThat(a).hasSize(CHALLENGE_SIZE);
            }
            challenges += answers.size();
        }

        assertThat(challenges).as("one CHALLENGE per HELLO").isEqualTo(hellos);
        assertThat(f.host.stats().accepted()).isEqualTo(before.accepted());
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    @Test
    void wrongApplicationIdIsRefusedNoLargerThanTheHello() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();

        stranger.send(hello(VERSION, 5, zeroCookie(), "chess", 508));

        byte[] refusal = stranger.receive();
        assertRefusal(refusal, 5, REFUSE_WRONG_APP);
        assertThat(refusal).hasSizeLessThanOrEqualTo(508);
        assertThat(reasonOf(refusal)).contains("'netloop'", "'chess'");
        assertThat(f.host.stats().refused()).isEqualTo(1);
        f.pollAWhile();
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    @Test
    void wrongProtocolVersionIsRefusedNoLargerThanTheHello() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();

        stranger.send(hello(VERSION + 1, 6, zeroCookie(), "netloop", 508));

        byte[] refusal = stranger.receive();
        assertRefusal(refusal, 6, REFUSE_VERSION);
        assertThat(refusal).hasSizeLessThanOrEqualTo(508);
        assertThat(reasonOf(refusal)).contains("version " + VERSION, "version " + (VERSION + 1));
        assertThat(f.host.stats().refused()).isEqualTo(1);
        f.pollAWhile();
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    @Test
    void aHelloWithAnAgreementTheHostLacksIsRefusedNoLargerThanTheHello() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        byte[] hello = hello(VERSION, 7, zeroCookie(), "netloop", 508);
        int at = 31 + "netloop".length() + 1; // after the flags byte: the agreement's length
        hello[at] = (byte) 255;
        Arrays.fill(hello, at + 1, at + 256, (byte) 0xab);

        stranger.send(hello);

        byte[] refusal = stranger.receive();
        assertRefusal(refusal, 7, REFUSE_AGREEMENT);
        assertThat(refusal).hasSizeLessThanOrEqualTo(508);
        assertThat(reasonOf(refusal)).contains("abababab", "the host does not have");
        assertThat(f.host.stats().refused()).isEqualTo(1);
        f.pollAWhile();
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    @Test
    void fullHostRefusesAClientWithAGoodCookie() {
        f = UdpHostFixture.start("?maxPeers=1");
        Peer late = f.clientNet.connect(f.hostUri());

        assertThat(f.until(() -> late.state() == PeerState.DISCONNECTED)).isTrue();

        assertThat(f.loop.events(f.clientNet))
                .filteredOn(e -> e.peer() == late)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(DisconnectReason.REFUSED);
                    assertThat(e.detail()).contains("full");
                });
        assertThat(f.host.stats().refused()).isEqualTo(1);
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    @Test
    void handMadeHandshakeConnectsAndARepeatedHelloGetsTheSameWelcome() throws IOException {
        f = UdpHostFixture.start("");
        RawUdp stranger = f.stranger();
        long nonce = 0x0102030405060708L;

        byte[] welcome = stranger.handshake(nonce, 1200);

        ByteBuffer w = ByteBuffer.wrap(welcome);
        assertThat(type(welcome)).isEqualTo(WELCOME);
        assertThat(w.getLong(1)).as("nonce").isEqualTo(nonce);
        assertThat(w.getLong(9)).as("connection id").isNotZero();
        assertThat(w.getShort(17) & 0xffff).as("agreed mtu").isEqualTo(1200);
        assertThat(welcome).as("padded to the agreed mtu").hasSize(1200);
        assertThat(f.until(() -> f.hostPeerOf(stranger) != null)).isTrue();
        Peer peer = f.hostPeerOf(stranger);
        assertThat(peer.state()).isEqualTo(PeerState.CONNECTED);
        assertThat(f.host.peers()).containsExactlyInAnyOrder(f.goodOnHost, peer);

        stranger.send(hello(nonce, stranger.cookie())); // as a client whose WELCOME was lost
        assertThat(stranger.receive(d -> type(d) != PACKET))
                .as("the WELCOME again")
                .isEqualTo(welcome);
        f.pollAWhile();
        assertThat(f.host.peers()).hasSize(2);
        assertThat(f.loop.of(f.hostNet, NetEvent.Type.CONNECTED)).hasSize(2);
        f.assertGoodClientExchanges();
    }

    // ---- helpers ----

    /** Sends a HELLO with {@code cookie}; the host must answer with a fresh CHALLENGE and nothing else. */
    private void assertRechallenged(RawUdp from, long nonce, byte[] cookie) {
        HostStats before = f.host.stats();
        from.send(hello(nonce, cookie));
        byte[] answer = from.receive();
        assertThat(type(answer)).as("answer to a bad cookie").isEqualTo(CHALLENGE);
        assertThat(ByteBuffer.wrap(answer).getLong(1)).isEqualTo(nonce);
        f.pollAWhile();
        assertThat(from.drain()).as("no WELCOME").isEmpty();
        assertThat(f.host.stats().accepted()).isEqualTo(before.accepted());
        f.assertOnlyTheGoodClientWasEverSeen();
        f.assertGoodClientExchanges();
    }

    private static byte[] cookieOf(byte[] challenge) {
        assertThat(type(challenge)).isEqualTo(CHALLENGE);
        return Arrays.copyOfRange(challenge, COOKIE_AT, CHALLENGE_SIZE);
    }

    private static void assertRefusal(byte[] refusal, long nonce, int code) {
        ByteBuffer r = ByteBuffer.wrap(refusal);
        assertThat(type(refusal)).isEqualTo(REFUSE);
        assertThat(r.getLong(1)).as("nonce").isEqualTo(nonce);
        assertThat(refusal[9]).as("code").isEqualTo((byte) code);
        assertThat(refusal[10] & 0xff).as("reason length").isEqualTo(refusal.length - 11);
    }

    private static String reasonOf(byte[] refusal) {
        return new String(refusal, 11, refusal.length - 11, UTF_8);
    }
}
