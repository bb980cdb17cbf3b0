package io.netloop.testkit;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTING;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.PeerState;
import io.netloop.SendResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seamless reconnection, end to end over real sockets: a netloop client and host joined through a
 * {@link LinkProxy} that cuts, black-holes, stalls and heals the link, over tcp:// and udp://. Each
 * test drives everything from its own thread, like a game loop, with every wait bounded; faults at
 * random points come from a seed that failure messages print.
 */
class ReconnectTest {
    /** A link silent for 300 ms counts as lost; pings go every 100 ms. */
    private static final String HOST = "timeout=300ms";
    /** Clients come back within 20 to 200 ms, each attempt given a second. */
    private static final String CLIENT = "timeout=300ms&reconnectDelay=20ms&reconnectDelayMax=200ms";

    private static final String CONNECT_TIMEOUT = "&connectTimeout=1s";

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * The seed of this run's random faults: {@code -Dnetloop.seed=...} repeats a run, else a new
     * one each time. Every assertion message names it.
     */
    private static long seed() {
        return Long.getLong("netloop.seed", System.nanoTime());
    }

    // ---- 1. nothing lost, nothing repeated, through dozens of lost links ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void reliableMessagesArriveOnceAndInOrderThroughRepeatedLinkLoss(String scheme) {
        int total = 100_000;
        long seed = seed();
        String context = scheme + ", seed " + seed + " (repeat with -Dnetloop.seed=" + seed + ")";
        // A small queue, so that back-pressure happens; a budget per frame, so that faults fall
        // between sends and sends meet a RECONNECTING peer.
        String queue = "&sendQueue=64KiB";
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST + queue)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT + queue);
            Peer server = nets.serverPeer();
            // TCP: every cut is a lost link. UDP: a cut is a NAT rebinding; black holes longer
            // than the timeout make the real losses.
            boolean tcp = scheme.equals("tcp");
            FaultPlan faults = new FaultPlan(
                    nets, new Random(seed), client, server, tcp ? 60 : 35, tcp ? 0 : 22, 2L * total * 9 / 10);

            transfer(nets, client, server, total, Numbered.SMALL, 200, faults, context);

            int resumes = nets.client.count(RECONNECTED);
            if (tcp) {
                assertThat(faults.cuts).as("cuts, %s", context).isGreaterThanOrEqualTo(50);
                assertThat(resumes)
                        .as("RECONNECTED at the client, %s; %s", context, faults)
                        .isGreaterThanOrEqualTo(50);
            } else {
                assertThat(nets.proxy.cuts()).as("cuts, %s", context).isGreaterThanOrEqualTo(30);
                assertThat(faults.blackHoles).as("black holes, %s", context).isGreaterThanOrEqualTo(20);
                assertThat(resumes)
                        .as("RECONNECTED at the client, %s; %s", context, faults)
                        .isGreaterThanOrEqualTo(20);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void largeMessagesArriveWholeThroughLinksLostInTheMiddleOfThem(String scheme) {
        int total = 150; // of 20 to 200 KB: most faults fall inside a message, over TCP and UDP alike
        long seed = seed();
        String context = scheme + ", seed " + seed + " (repeat with -Dnetloop.seed=" + seed + ")";
        String queue = "&sendQueue=1MiB";
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST + queue)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT + queue);
            Peer server = nets.serverPeer();
            boolean tcp = scheme.equals("tcp");
            FaultPlan faults = new FaultPlan(
                    nets, new Random(seed), client, server, tcp ? 20 : 6, tcp ? 0 : 6, 2L * total * 9 / 10);

            transfer(nets, client, server, total, Numbered.LARGE, 4, faults, context);

            assertThat(nets.client.count(RECONNECTED))
                    .as("RECONNECTED at the client, %s; %s", context, faults)
                    .isGreaterThanOrEqualTo(tcp ? 20 : 6);
        }
    }

    /**
     * Sends {@code total} messages each way, {@code perFrame} per side and frame at most, while
     * {@code faults} strike; then checks that each side got every message once and in order, that
     * each side saw one peer (the same object throughout) lose and resume its link, and nothing
     * else.
     */
    private static void transfer(
            ProxiedNets nets,
            Peer client,
            Peer server,
            int total,
            IntFunction<byte[]> make,
            int perFrame,
            FaultPlan faults,
            String context) {
        Numbered.Sender up = new Numbered.Sender(total, make);
        Numbered.Sender down = new Numbered.Sender(total, make);
        Numbered.Receiver atHost = new Numbered.Receiver("the host", total, make);
        Numbered.Receiver atClient = new Numbered.Receiver("the client", total, make);
        atHost.from = server;
        atClient.from = client;
        nets.server.onData(e -> atHost.accept(e, context));
        nets.client.onData(e -> atClient.accept(e, context));
        long start = System.nanoTime();
        nets.until(
                "every message both ways, " + context + "; " + faults,
                Duration.ofSeconds(50),
                () -> atHost.done()
                        && atClient.done()
                        && faults.finished()
                        && client.state() == PeerState.CONNECTED
                        && server.state() == PeerState.CONNECTED,
                () -> {
                    up.send(client, perFrame, context);
                    down.send(server, perFrame, context);
                    faults.step(atHost.next + atClient.next);
                });
        nets.during(Duration.ofMillis(200)); // a late repeat would fail a receiver here
        System.out.printf(
                "%s: %s; %d+%d sends back-pressured; %d ms%n",
                context, faults, up.backpressured, down.backpressured, (System.nanoTime() - start) / 1_000_000);

        assertOneResumingPeer(nets.client, client, context);
        assertOneResumingPeer(nets.server, server, context);
        assertThat(nets.host.peers()).as(context).containsExactly(server);
    }

    /**
     * {@code side} saw one peer, {@code peer} itself in every event: CONNECTED, then pairs of
     * RECONNECTING and RECONNECTED (resumed), and never DISCONNECTED.
     */
    private static void assertOneResumingPeer(Side side, Peer peer, String context) {
        for (NetEvent e : side.lifecycle) {
            assertThat(e.peer())
                    .as("the peer of %s at the %s; %s", e, side.name, context)
                    .isSameAs(peer);
        }
        assertThat(Side.transcript(side.lifecycle))
                .as(
                        "the %s's events (C connected, i reconnecting, r resumed, n new session, D disconnected): %s; %s",
                        side.name, side.recent(), context)
                .matches("C(ir)*");
    }

    // ---- 2. a host that restarted knows no session: a new one begins on the same Peer ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aRestartedHostStartsANewSessionOnTheSamePeer(String scheme) {
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT);
            client.send(bytes("before the crash"));
            nets.until("the first message at the host", WAIT, () -> nets.server.data.size() == 1);

            // The host's process dies: with the link black-holed, its goodbye never reaches the
            // client, which only notices the silence. A new process then listens on the same port.
            nets.proxy.blackHole();
            nets.restartHost(HOST);
            nets.until("RECONNECTING at the client", WAIT, () -> nets.client.count(RECONNECTING) == 1);
            // Queued for the old session, which the new host never knew: it goes with that session.
            assertThat(client.send(bytes("for the old session"))).isEqualTo(SendResult.QUEUED);
            nets.proxy.heal();
            nets.until("RECONNECTED at the client", WAIT, () -> nets.client.count(RECONNECTED) == 1);

            NetEvent back = nets.client.of(RECONNECTED).get(0);
            assertThat(back.peer()).isSameAs(client);
            assertThat(back.resumed()).as("resumed() of %s", back).isFalse();
            assertThat(back.detail()).as("detail of %s", back).containsIgnoringCase("new session");
            assertThat(client.state()).isEqualTo(PeerState.CONNECTED);
            nets.until("CONNECTED at the restarted host", WAIT, () -> nets.server.count(CONNECTED) == 1);
            Peer fresh = nets.serverPeer();

            assertThat(client.send(bytes("after the crash"))).isEqualTo(SendResult.QUEUED);
            assertThat(fresh.send(bytes("welcome back"))).isEqualTo(SendResult.QUEUED);
            nets.until(
                    "a message each way with the new host",
                    WAIT,
                    () -> !nets.server.data.isEmpty() && nets.client.data.size() == 1);
            nets.during(Duration.ofMillis(100));
            assertThat(nets.server.data).extracting(ReconnectTest::text).containsExactly("after the crash");
            assertThat(nets.server.data.get(0).peer()).isSameAs(fresh);
            assertThat(text(nets.client.data.get(0))).isEqualTo("welcome back");
            assertThat(nets.client.data.get(0).peer()).isSameAs(client);
            assertThat(Side.transcript(nets.client.lifecycle))
                    .as("client events %s", nets.client.lifecycle)
                    .isEqualTo("Cin");
            assertThat(Side.transcript(nets.server.lifecycle))
                    .as("restarted host events %s", nets.server.lifecycle)
                    .isEqualTo("C");
            assertThat(nets.host.peers()).containsExactly(fresh);
        }
    }

    /**
     * A host restarted as a new build whose messages differ ({@code NetConfig.agreement}) knows
     * no session, and must not welcome the resuming client as a newcomer that speaks another
     * language: the client is refused and told why.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHostRestartedWithOtherMessagesRefusesTheResumingClient(String scheme) {
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT);
            nets.proxy.blackHole();
            NetConfig newBuild = NetConfig.builder()
                    .agreement("message set", new byte[] {9, 9, 9, 9})
                    .build();
            nets.restartHost(HOST, newBuild);
            nets.until("RECONNECTING at the client", WAIT, () -> nets.client.count(RECONNECTING) == 1);
            nets.proxy.heal();
            nets.until("DISCONNECTED at the client", WAIT, () -> nets.client.count(DISCONNECTED) == 1);

            NetEvent end = nets.client.of(DISCONNECTED).get(0);
            assertThat(end.peer()).isSameAs(client);
            assertThat(end.reason()).isEqualTo(DisconnectReason.REFUSED);
            assertThat(end.detail()).contains("the message set differs between host and client", "client none");
            assertThat(Side.transcript(nets.client.lifecycle)).isEqualTo("CiD");
            assertThat(nets.server.lifecycle)
                    .as("the new build never saw a peer")
                    .isEmpty();
            assertThat(nets.host.stats().refused()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHostPastItsResumeWindowStartsANewSessionWithAClientStillWithinItsOwn(String scheme) {
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST + "&resumeWindow=500ms")) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT + "&resumeWindow=30s");
            Peer old = nets.serverPeer();
            nets.proxy.blackHole();
            nets.until("the host to give the session up", WAIT, () -> nets.server.count(DISCONNECTED) == 1);
            nets.proxy.heal();
            nets.until("RECONNECTED at the client", WAIT, () -> nets.client.count(RECONNECTED) == 1);
            nets.until("a new CONNECTED at the host", WAIT, () -> nets.server.count(CONNECTED) == 2);

            NetEvent back = nets.client.of(RECONNECTED).get(0);
            assertThat(back.peer()).isSameAs(client);
            assertThat(back.resumed()).as("resumed() of %s", back).isFalse();
            assertThat(nets.server.of(DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.RECONNECT_FAILED);
            Peer fresh = nets.server.of(CONNECTED).get(1).peer();
            assertThat(fresh).isNotSameAs(old);
            assertThat(client.send(bytes("still here"))).isEqualTo(SendResult.QUEUED);
            nets.until("the message at the host", WAIT, () -> nets.server.data.size() == 1);
            assertThat(nets.server.data.get(0).peer()).isSameAs(fresh);
            assertThat(Side.transcript(nets.client.lifecycle))
                    .as("client events %s", nets.client.lifecycle)
                    .isEqualTo("Cin");
            assertThat(Side.transcript(nets.server.lifecycle))
                    .as("host events %s", nets.server.lifecycle)
                    .isEqualTo("CiDC");
        }
    }

    // ---- 3. past the resume window the session ends, once, on both sides ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBlackHoleLongerThanTheResumeWindowEndsTheSessionOnBothSides(String scheme) {
        String window = "&resumeWindow=1s";
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST + window)) {
            // Short attempts, so that several of them fail inside the window.
            Peer client = nets.connectOne(CLIENT + "&connectTimeout=200ms" + window);
            Peer server = nets.serverPeer();
            long start = System.nanoTime();
            nets.proxy.blackHole();
            nets.until(
                    "DISCONNECTED on both sides",
                    WAIT,
                    () -> nets.client.count(DISCONNECTED) == 1 && nets.server.count(DISCONNECTED) == 1);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            nets.proxy.heal();
            nets.during(Duration.ofMillis(500)); // nothing comes back to life once the link heals

            assertThat(Side.transcript(nets.client.lifecycle))
                    .as("client events %s", nets.client.lifecycle)
                    .isEqualTo("CiD");
            assertThat(Side.transcript(nets.server.lifecycle))
                    .as("host events %s", nets.server.lifecycle)
                    .isEqualTo("CiD");
            NetEvent clientEnd = nets.client.of(DISCONNECTED).get(0);
            NetEvent hostEnd = nets.server.of(DISCONNECTED).get(0);
            assertThat(clientEnd.peer()).isSameAs(client);
            assertThat(hostEnd.peer()).isSameAs(server);
            assertThat(clientEnd.reason()).as("%s", clientEnd).isEqualTo(DisconnectReason.RECONNECT_FAILED);
            assertThat(hostEnd.reason()).as("%s", hostEnd).isEqualTo(DisconnectReason.RECONNECT_FAILED);
            assertThat(elapsedMillis).as("ms from the black hole to the end").isGreaterThanOrEqualTo(1_000);
            assertThat(client.state()).isEqualTo(PeerState.DISCONNECTED);
            assertThat(client.send(bytes("too late"))).isEqualTo(SendResult.NOT_CONNECTED);
            assertThat(nets.host.peers()).isEmpty();
            assertThat(nets.server.count(CONNECTED))
                    .as("a new connection at the host")
                    .isEqualTo(1);
        }
    }

    // ---- 4. many clients lose one host at once and all resume ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fiveHundredClientsResumeAfterOneOutage(String scheme) {
        int n = 500;
        // A longer timeout: one loop drives 500 clients, the host and the proxy on a small machine.
        try (ProxiedNets nets = ProxiedNets.open(scheme, "timeout=1s")) {
            List<Peer> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(nets.connect("timeout=1s&reconnectDelay=20ms&reconnectDelayMax=200ms"));
            }
            nets.until(
                    n + " CONNECTED on both sides",
                    Duration.ofSeconds(20),
                    () -> nets.client.count(CONNECTED) == n && nets.server.count(CONNECTED) == n);
            // Each client names itself, so that the host knows which of its peers is which.
            for (int i = 0; i < n; i++) {
                assertThat(clients.get(i).send(number(i))).isEqualTo(SendResult.QUEUED);
            }
            nets.until("every client's name at the host", WAIT, () -> nets.server.data.size() == n);
            Map<Integer, Peer> hostPeerOf = new HashMap<>();
            for (NetEvent e : nets.server.data) {
                hostPeerOf.put(number(e), e.peer());
            }
            assertThat(hostPeerOf).hasSize(n);
            assertThat(new HashSet<>(hostPeerOf.values())).hasSize(n);
            nets.server.data.clear();

            if (scheme.equals("tcp")) {
                nets.proxy.cut();
            } else {
                nets.proxy.blackHole();
                nets.until("RECONNECTING at all " + n + " clients", WAIT, () -> nets.client.count(RECONNECTING) == n);
                nets.proxy.heal();
            }
            nets.until(
                    n + " RECONNECTED on both sides",
                    Duration.ofSeconds(30),
                    () -> nets.client.count(RECONNECTED) >= n && nets.server.count(RECONNECTED) >= n);
            for (int i = 0; i < n; i++) {
                assertThat(clients.get(i).send(number(i))).isEqualTo(SendResult.QUEUED);
            }
            nets.until("every client's second message at the host", WAIT, () -> nets.server.data.size() >= n);
            nets.during(Duration.ofMillis(200));

            for (NetEvent e : nets.server.data) {
                assertThat(e.peer())
                        .as("the host's peer for client %d", number(e))
                        .isSameAs(hostPeerOf.get(number(e)));
            }
            assertThat(nets.server.data).hasSize(n);
            for (int i = 0; i < n; i++) {
                Peer c = clients.get(i);
                assertThat(Side.transcript(nets.client.of(c)))
                        .as("client %d events %s", i, nets.client.of(c))
                        .isEqualTo("Cir");
                Peer h = hostPeerOf.get(i);
                assertThat(Side.transcript(nets.server.of(h)))
                        .as("host events for client %d: %s", i, nets.server.of(h))
                        .isEqualTo("Cir");
            }
            assertThat(nets.host.peers()).hasSize(n);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clientsTurnedAwayByABusyHostTryAgainAndResume() {
        int n = 200;
        // Few handshake slots: most of the clients that come back at once are turned away at first.
        try (ProxiedNets nets = ProxiedNets.open("tcp", "timeout=1s&maxPending=16")) {
            List<Peer> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                clients.add(nets.connect("timeout=1s&reconnectDelay=20ms&reconnectDelayMax=200ms"));
                int connected = i + 1;
                if (connected % 10 == 0) {
                    nets.until(
                            connected + " CONNECTED on both sides",
                            WAIT,
                            () -> nets.client.count(CONNECTED) == connected
                                    && nets.server.count(CONNECTED) == connected);
                }
            }
            long shedBefore = nets.host.stats().shed();
            nets.proxy.cut();
            nets.until(
                    n + " RECONNECTED on both sides",
                    Duration.ofSeconds(15),
                    () -> nets.client.count(RECONNECTED) >= n && nets.server.count(RECONNECTED) >= n);
            nets.during(Duration.ofMillis(200));

            assertThat(nets.host.stats().shed() - shedBefore)
                    .as("handshakes the host turned away")
                    .isPositive();
            for (Peer c : clients) {
                assertThat(Side.transcript(nets.client.of(c)))
                        .as("client events %s", nets.client.of(c))
                        .isEqualTo("Cir");
            }
            for (Peer p : nets.host.peers()) {
                assertThat(Side.transcript(nets.server.of(p)))
                        .as("host events %s", nets.server.of(p))
                        .isEqualTo("Cir");
            }
            assertThat(nets.server.count(RECONNECTED)).isEqualTo(n);
            assertThat(nets.server.count(DISCONNECTED)).isZero();
        }
    }

    // ---- 5. what is sent while the link is down ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void reliableSendsWhileReconnectingFollowEarlierOnesAndLossySendsAreDropped(String scheme) {
        int total = 2_000;
        String context = scheme;
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT);
            Peer server = nets.serverPeer();
            Numbered.Receiver atHost = new Numbered.Receiver("the host", total, Numbered.SMALL);
            Numbered.Receiver atClient = new Numbered.Receiver("the client", total, Numbered.SMALL);
            List<NetEvent> otherChannels = new ArrayList<>();
            nets.server.onData(e -> {
                if (e.channel() == 0) {
                    atHost.accept(e, context);
                } else {
                    otherChannels.add(e);
                }
            });
            nets.client.onData(e -> {
                if (e.channel() == 0) {
                    atClient.accept(e, context);
                } else {
                    otherChannels.add(e);
                }
            });
            Numbered.Sender up = new Numbered.Sender(total, Numbered.SMALL);
            Numbered.Sender down = new Numbered.Sender(total, Numbered.SMALL);

            // The first half is queued, and some of it is on its way, when the link goes.
            up.send(client, total / 2, context);
            down.send(server, total / 2, context);
            assertThat(up.next + down.next).isEqualTo(total);
            nets.frame();
            nets.proxy.blackHole(); // attempts to come back fail until heal()
            if (scheme.equals("tcp")) {
                nets.proxy.cut(); // both ends see a reset now; over UDP, the silence tells them
            }
            nets.until(
                    "RECONNECTING on both sides",
                    WAIT,
                    () -> client.state() == PeerState.RECONNECTING && server.state() == PeerState.RECONNECTING);

            for (Peer p : List.of(client, server)) {
                assertThat(p.send(1, bytes("where I am"), Delivery.SEQUENCED))
                        .as("SEQUENCED while %s", p)
                        .isEqualTo(SendResult.DROPPED);
                assertThat(p.send(1, bytes("bang"), Delivery.UNRELIABLE))
                        .as("UNRELIABLE while %s", p)
                        .isEqualTo(SendResult.DROPPED);
                assertThat(p.send(2, bytes("unordered"), Delivery.RELIABLE_UNORDERED))
                        .as("RELIABLE_UNORDERED while %s", p)
                        .isEqualTo(SendResult.QUEUED);
            }
            up.send(client, total, context);
            down.send(server, total, context);
            assertThat(up.done() && down.done())
                    .as("the second half queued while reconnecting")
                    .isTrue();
            nets.during(Duration.ofMillis(50));
            assertThat(client.state()).as("still cut off").isEqualTo(PeerState.RECONNECTING);

            nets.proxy.heal();
            nets.until(
                    "all " + total + " messages each way",
                    WAIT,
                    () -> atHost.done() && atClient.done() && otherChannels.size() == 2);
            nets.during(Duration.ofMillis(200));

            assertThat(otherChannels)
                    .as("messages off channel 0: only the two RELIABLE_UNORDERED ones")
                    .extracting(ReconnectTest::text)
                    .containsExactly("unordered", "unordered");
            assertThat(Side.transcript(nets.client.lifecycle))
                    .as("client events %s", nets.client.lifecycle)
                    .isEqualTo("Cir");
            assertThat(Side.transcript(nets.server.lifecycle))
                    .as("host events %s", nets.server.lifecycle)
                    .isEqualTo("Cir");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void reliableSendsWhileReconnectingAreBoundedBySendQueueAndAllArriveAfterTheResume(String scheme) {
        String queue = "&sendQueue=16KiB";
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST + queue)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT + queue);
            nets.proxy.blackHole();
            if (scheme.equals("tcp")) {
                nets.proxy.cut();
            }
            nets.until("RECONNECTING at the client", WAIT, () -> client.state() == PeerState.RECONNECTING);

            Numbered.Sender up = new Numbered.Sender(100_000, Numbered.SMALL);
            up.send(client, 100_000, scheme);
            assertThat(up.backpressured)
                    .as("BACKPRESSURED once the queue is full")
                    .isEqualTo(1);
            assertThat(up.next).as("messages queued while reconnecting").isBetween(1, 16 * 1024 / 16);
            assertThat(client.stats().queuedBytes()).isLessThanOrEqualTo(16 * 1024);
            int queued = up.next;
            Numbered.Receiver atHost = new Numbered.Receiver("the host", queued, Numbered.SMALL);
            nets.server.onData(e -> atHost.accept(e, scheme));

            nets.proxy.heal();
            nets.until("all " + queued + " messages at the host", WAIT, atHost::done);
            nets.until("the host's acknowledgement", WAIT, () -> client.stats().queuedBytes() == 0);
            assertThat(client.send(Numbered.SMALL.apply(queued))).isEqualTo(SendResult.QUEUED);
            assertThat(Side.transcript(nets.client.lifecycle))
                    .as("client events %s", nets.client.lifecycle)
                    .isEqualTo("Cir");
        }
    }

    // ---- 6. more ways to lose a link ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStallLongerThanTheTimeoutLosesNothing(String scheme) {
        int total = 2_000;
        String context = scheme;
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST)) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT);
            Peer server = nets.serverPeer();
            Numbered.Sender up = new Numbered.Sender(total, Numbered.SMALL);
            Numbered.Sender down = new Numbered.Sender(total, Numbered.SMALL);
            Numbered.Receiver atHost = new Numbered.Receiver("the host", total, Numbered.SMALL);
            Numbered.Receiver atClient = new Numbered.Receiver("the client", total, Numbered.SMALL);
            nets.server.onData(e -> atHost.accept(e, context));
            nets.client.onData(e -> atClient.accept(e, context));

            up.send(client, total / 2, context);
            down.send(server, total / 2, context);
            nets.frame();
            // Held, not lost: at heal() it all goes on in a burst, to links both ends gave up on.
            nets.proxy.stall();
            nets.until(
                    "RECONNECTING on both sides",
                    WAIT,
                    () -> client.state() == PeerState.RECONNECTING && server.state() == PeerState.RECONNECTING);
            up.send(client, total, context);
            down.send(server, total, context);
            nets.proxy.heal();
            nets.until(
                    "all " + total + " messages each way",
                    WAIT,
                    () -> atHost.done()
                            && atClient.done()
                            && client.state() == PeerState.CONNECTED
                            && server.state() == PeerState.CONNECTED);
            nets.during(Duration.ofMillis(300));

            assertOneResumingPeer(nets.client, client, context);
            assertOneResumingPeer(nets.server, server, context);
            assertThat(nets.client.count(RECONNECTED)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLinkLostAgainDuringTheResumeHandshakeIsRetriedWithoutWaitingOutTheAttempt(String scheme) {
        // The default connect timeout: an attempt left waiting for an answer that never comes shows.
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST)) {
            Peer client = nets.connectOne(CLIENT + "&connectTimeout=5s");
            nets.proxy.blackHole();
            if (scheme.equals("tcp")) {
                nets.proxy.cut();
            }
            nets.until(
                    "RECONNECTING on both sides",
                    WAIT,
                    () -> nets.client.count(RECONNECTING) == 1 && nets.server.count(RECONNECTING) == 1);
            nets.proxy.heal();
            // The host takes the client back; its answer is still inside the proxy when the link
            // goes again (TCP: both ends reset; UDP: a NAT rebinding, so the answer is lost).
            nets.until("the host to take the client back", WAIT, () -> nets.server.count(RECONNECTED) == 1);
            assertThat(client.state()).isEqualTo(PeerState.RECONNECTING);
            nets.proxy.cut();
            long cutAt = System.nanoTime();
            nets.until("RECONNECTED at the client", WAIT, () -> nets.client.count(RECONNECTED) == 1);
            long millis = (System.nanoTime() - cutAt) / 1_000_000;

            assertThat(millis)
                    .as(
                            "ms from the second loss to RECONNECTED, with attempts of up to 5 s and retries"
                                    + " within 200 ms; client events %s, host events %s",
                            nets.client.lifecycle, nets.server.lifecycle)
                    .isLessThan(2_000);
            assertThat(Side.transcript(nets.client.lifecycle)).isEqualTo("Cir");
            assertThat(Side.transcript(nets.server.lifecycle)).matches("Cir(ir)*");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp", "udp"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closingWhileReconnectingEndsTheClientAtOnceAndTheHostAfterItsWindow(String scheme) {
        try (ProxiedNets nets = ProxiedNets.open(scheme, HOST + "&resumeWindow=500ms")) {
            Peer client = nets.connectOne(CLIENT + CONNECT_TIMEOUT);
            Peer server = nets.serverPeer();
            nets.proxy.blackHole();
            if (scheme.equals("tcp")) {
                nets.proxy.cut();
            }
            nets.until("RECONNECTING at the client", WAIT, () -> client.state() == PeerState.RECONNECTING);
            assertThat(client.send(bytes("queued, then given up"))).isEqualTo(SendResult.QUEUED);

            client.close();
            assertThat(client.send(bytes("too late"))).isEqualTo(SendResult.NOT_CONNECTED);
            nets.proxy.heal();
            nets.until(
                    "DISCONNECTED on both sides",
                    WAIT,
                    () -> nets.client.count(DISCONNECTED) == 1 && nets.server.count(DISCONNECTED) == 1);
            nets.during(Duration.ofMillis(300));

            assertThat(Side.transcript(nets.client.lifecycle))
                    .as("client events %s", nets.client.lifecycle)
                    .isEqualTo("CiD");
            assertThat(Side.transcript(nets.server.lifecycle))
                    .as("host events %s", nets.server.lifecycle)
                    .isEqualTo("CiD");
            assertThat(nets.client.of(DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
            assertThat(nets.server.of(DISCONNECTED).get(0).peer()).isSameAs(server);
            assertThat(nets.server.of(DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.RECONNECT_FAILED);
            assertThat(nets.server.data)
                    .as("nothing of the closed session arrives")
                    .isEmpty();
            assertThat(nets.server.count(CONNECTED))
                    .as("no new connection at the host")
                    .isEqualTo(1);
        }
    }

    // ---- helpers ----

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(NetEvent e) {
        return new String(e.data(), UTF_8);
    }

    private static byte[] number(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static int number(NetEvent e) {
        return ByteBuffer.wrap(e.data()).getInt();
    }
}
