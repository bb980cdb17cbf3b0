package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** URIs and config values: a mistake throws at once with the bad value and its fix; good ones work. */
@Timeout(30)
class UriTest {
    private Net hostNet;
    private Net clientNet;
    private Loop loop;

    @BeforeEach
    void open() {
        hostNet = Net.open();
        clientNet = Net.open();
        loop = new Loop(hostNet, clientNet);
    }

    @AfterEach
    void close() {
        clientNet.close();
        hostNet.close();
    }

    static Stream<Arguments> malformedConnectUris() {
        return Stream.of(
                arguments("127.0.0.1:7777", "scheme://host:port"),
                arguments("http://127.0.0.1:7777", "use udp://"),
                arguments("tcp://127.0.0.1:7777?mtu=1400", "udp:// only"),
                arguments("tcp://127.0.0.1:7777?sim.loss=0.1", "udp:// only"),
                arguments("udp://127.0.0.1:7777?sim.loss=2", "fraction from 0 to 1"),
                arguments("udp://127.0.0.1:7777?sim.seed=x", "whole number"),
                arguments("udp://127.0.0.1:7777?mtu=100", "mtu=1200"),
                arguments("udp://127.0.0.1:7777?mtu=508&maxMessage=256MiB", "lower maxMessage"),
                arguments("tcp://127.0.0.1", "tcp://127.0.0.1:7777"),
                arguments("tcp://127.0.0.1:-1", "0 to 65535"),
                arguments("tcp://127.0.0.1:70000", "0 to 65535"),
                arguments("tcp://127.0.0.1:abc", "0 to 65535"),
                arguments("tcp://127.0.0.1:7777/lobby", "options after '?'"),
                arguments("tcp://::1:7777", "tcp://[::1]:7777"),
                arguments("tcp://[::1]", "tcp://[::1]:7777"),
                arguments("tcp://127.0.0.1:7777?timeout", "name=value"),
                arguments("tcp://127.0.0.1:7777?timeout=", "name=value"),
                arguments("tcp://127.0.0.1:7777?timeout=1s&", "name=value"),
                arguments("tcp://127.0.0.1:7777?timeout=1s&timeout=2s", "keep one"),
                arguments("tcp://127.0.0.1:7777?timeout=10", "a number and a unit"),
                arguments("tcp://127.0.0.1:7777?timeout=abc", "a number and a unit"),
                arguments("tcp://127.0.0.1:7777?timeout=1.2.3s", "a number and a unit"),
                arguments("tcp://127.0.0.1:7777?timeout=0s", "positive duration"),
                arguments("tcp://127.0.0.1:7777?maxMessage=lots", "maxMessage=64KiB"),
                arguments("tcp://127.0.0.1:7777?maxMessage=0", "maxMessage=64KiB"),
                arguments("tcp://127.0.0.1:7777?maxMessage=18014398509481985KiB", "maxMessage=64KiB"),
                arguments("tcp://127.0.0.1:7777?maxPeers=2", "listen()"),
                arguments("tcp://127.0.0.1:7777?maxPending=8", "listen()"),
                arguments("tcp://127.0.0.1:0", "port 0 only makes sense for listen"),
                arguments("tcp://:7777", "tcp://localhost:7777"),
                arguments("tcp://127.0.0.1:7777?read=pull", "tcp+raw:// only"),
                arguments("tcp+raw://127.0.0.1:7777?read=stream", "read=pull"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConnectUris")
    void malformedConnectUriThrowsWithTheUriAndTheFix(String uri, String fix) {
        assertThatThrownBy(() -> clientNet.connect(uri))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + uri + "'")
                .hasMessageContaining(fix);
    }

    static Stream<Arguments> malformedListenUris() {
        return Stream.of(
                arguments("tcp://127.0.0.1:70000", "0 to 65535"),
                arguments("tcp://127.0.0.1:0/lobby", "options after '?'"),
                arguments("tcp://127.0.0.1:0?maxPeers=0", "positive whole number"),
                arguments("tcp://127.0.0.1:0?maxPending=lots", "positive whole number"),
                arguments("tcp://127.0.0.1:0?connectTimeout=300", "a number and a unit"),
                arguments("tcp://127.0.0.1:0?sendQueue=1b", "sendQueue=64KiB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedListenUris")
    void malformedListenUriThrowsWithTheUriAndTheFix(String uri, String fix) {
        assertThatThrownBy(() -> hostNet.listen(uri))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + uri + "'")
                .hasMessageContaining(fix);
    }

    @Test
    void unknownOptionListsTheKnownOptions() {
        assertThatThrownBy(() -> clientNet.connect("tcp://127.0.0.1:7777?timout=5s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tcp://127.0.0.1:7777?timout=5s'")
                .hasMessageContaining("timout")
                .hasMessageContainingAll("timeout", "keepAlive", "connectTimeout", "maxMessage", "app")
                .hasMessageContainingAll("maxPeers", "maxPending", "read");
    }

    @Test
    void nullUriNamesAnExample() {
        assertThatThrownBy(() -> clientNet.connect(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp://");
    }

    @Test
    void appOptionIsHeldToTheSameLimitAsTheConfig() {
        // NetConfig.Builder.applicationId refuses more than 255 UTF-8 bytes; the handshake has one
        // length byte, so the URI option must be refused too rather than sent truncated.
        String uri = "tcp://127.0.0.1:7777?app=" + "x".repeat(256);
        assertThatThrownBy(() -> clientNet.connect(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
    }

    @Test
    void loopbackWithAnEphemeralPortConnects() {
        Host host = hostNet.listen("tcp://127.0.0.1:0");

        assertThat(host.port()).isPositive();
        assertThat(host.uri()).isEqualTo("tcp://127.0.0.1:0");
        assertThat(host.localAddress().getAddress().isLoopbackAddress()).isTrue();
        assertConnects("tcp://127.0.0.1:" + host.port());
    }

    @Test
    void ipv6LoopbackInBracketsConnects() {
        assumeTrue(ipv6LoopbackWorks(), "no IPv6 loopback on this machine");
        Host host = hostNet.listen("tcp://[::1]:0");

        assertThat(host.localAddress().getAddress()).isEqualTo(ipv6Loopback());
        assertConnects("tcp://[::1]:" + host.port());
    }

    @Test
    void emptyHostListensOnEveryInterface() {
        Host host = hostNet.listen("tcp://:0");

        assertThat(host.localAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertConnects("tcp://127.0.0.1:" + host.port());
    }

    @Test
    void uriOptionsOverrideTheConfigForThatConnection() {
        FakeClock clock = new FakeClock();
        try (Net fakeTimeNet = Net.open(NetConfig.builder().clock(clock).build())) {
            Host host = hostNet.listen("tcp://127.0.0.1:0");
            Peer peer = fakeTimeNet.connect(
                    "tcp://127.0.0.1:" + host.port() + "?timeout=500ms&maxMessage=64KiB&reconnect=false");

            assertThat(peer.send(new byte[64 * 1024])).isEqualTo(SendResult.QUEUED);
            assertThatThrownBy(() -> peer.send(new byte[64 * 1024 + 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("65537")
                    .hasMessageContaining("maxMessage");

            List<NetEvent> events = new ArrayList<>();
            assertThat(pollUntil(fakeTimeNet, events, () -> peer.state() == PeerState.CONNECTED))
                    .isTrue();
            clock.advance(Duration.ofMillis(400));
            pollUntil(fakeTimeNet, events, () -> true);
            assertThat(peer.state()).as("still inside the 500 ms timeout").isEqualTo(PeerState.CONNECTED);

            // Each step is past the timeout; the host's real-time pings can only postpone it once a second.
            for (int i = 0; i < 20 && peer.state() != PeerState.DISCONNECTED; i++) {
                clock.advance(Duration.ofMillis(600));
                pollUntil(fakeTimeNet, events, () -> true);
            }
            assertThat(events)
                    .filteredOn(e -> e.type() == NetEvent.Type.DISCONNECTED)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(DisconnectReason.TIMEOUT);
                        assertThat(e.detail()).contains("500 ms");
                    });
        }
    }

    static Stream<Arguments> badConfigValues() {
        return Stream.of(
                bad("empty applicationId", b -> b.applicationId(""), "non-empty"),
                bad("applicationId of 256 bytes", b -> b.applicationId("x".repeat(256)), "256", "at most 255"),
                bad("applicationId of 128 two-byte chars", b -> b.applicationId("é".repeat(128)), "256 UTF-8 bytes"),
                bad("empty agreement name", b -> b.agreement("", new byte[1]), "agreement name", "1 to 64"),
                bad("agreement name of 65 bytes", b -> b.agreement("x".repeat(65), new byte[1]), "65 UTF-8 bytes"),
                bad("empty agreement value", b -> b.agreement("message set", new byte[0]), "is 0 bytes", "1 to 64"),
                bad("agreement value of 65 bytes", b -> b.agreement("message set", new byte[65]), "is 65 bytes"),
                bad("maxMessageSize 0", b -> b.maxMessageSize(0), "maxMessageSize is 0", "from 1 to"),
                bad("maxMessageSize 512 MiB", b -> b.maxMessageSize(512 << 20), "maxMessageSize is", "to 268435456"),
                bad("timeout 0", b -> b.timeout(Duration.ZERO), "timeout is PT0S", "positive duration"),
                bad("timeout -1 s", b -> b.timeout(Duration.ofSeconds(-1)), "timeout is PT-1S", "positive"),
                bad("keepAliveInterval 0", b -> b.keepAliveInterval(Duration.ZERO), "keepAliveInterval", "positive"),
                bad("connectTimeout -1 ms", b -> b.connectTimeout(Duration.ofMillis(-1)), "connectTimeout", "positive"),
                bad("closeTimeout 0", b -> b.closeTimeout(Duration.ZERO), "closeTimeout", "positive"),
                bad("sendQueueLimit 100", b -> b.sendQueueLimit(100), "sendQueueLimit is 100", "from 1024"),
                bad("maxPeers 0", b -> b.maxPeers(0), "maxPeers is 0", "from 1"),
                bad("maxPendingConnections -1", b -> b.maxPendingConnections(-1), "maxPendingConnections is -1"),
                bad("readLimitPerPoll 10", b -> b.readLimitPerPoll(10), "readLimitPerPoll is 10", "from 1024"),
                bad(
                        "keepAliveInterval longer than timeout",
                        b -> b.timeout(Duration.ofSeconds(2))
                                .keepAliveInterval(Duration.ofSeconds(5))
                                .build(),
                        "keepAliveInterval",
                        "timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigValues")
    void configBuilderRejectsBadValuesWithTheFix(String name, ThrowingCallable call, List<String> fragments) {
        assertThatThrownBy(call)
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(fragments.toArray(String[]::new));
    }

    /** The builder step under test; a fresh builder each time so one case cannot leak into another. */
    private interface BuilderStep {
        Object apply(NetConfig.Builder builder);
    }

    private static Arguments bad(String name, BuilderStep step, String... fragments) {
        ThrowingCallable call = () -> step.apply(NetConfig.builder());
        return arguments(name, call, List.of(fragments));
    }

    /** Connects to {@code uri} from the client net and checks that both sides see the connection. */
    private void assertConnects(String uri) {
        Peer peer = clientNet.connect(uri);
        assertThat(peer.uri()).isEqualTo(uri);
        assertThat(loop.until(() -> peer.state() == PeerState.CONNECTED
                        && !loop.of(hostNet, NetEvent.Type.CONNECTED).isEmpty()))
                .isTrue();
        peer.send(new byte[] {42});
        assertThat(loop.until(() -> !loop.of(hostNet, NetEvent.Type.DATA).isEmpty()))
                .isTrue();
        assertThat(loop.of(hostNet, NetEvent.Type.DATA).get(0).data()).containsExactly(42);
    }

    /**
     * Polls {@code fakeTimeNet} without waiting (its {@code poll(Duration)} would wait in fake time)
     * and the host net briefly, until {@code done} or two seconds of real time.
     */
    private boolean pollUntil(Net fakeTimeNet, List<NetEvent> events, BooleanSupplier done) {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        do {
            events.addAll(fakeTimeNet.poll());
            loop.pollOnce();
            events.addAll(fakeTimeNet.poll());
        } while (!done.getAsBoolean() && System.nanoTime() - end < 0);
        return done.getAsBoolean();
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByName("::1");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean ipv6LoopbackWorks() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(ipv6Loopback(), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
