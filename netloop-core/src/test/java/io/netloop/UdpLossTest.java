package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every delivery mode over {@code udp://} on a bad network: the client's URI simulates 20% loss
 * plus some reordering and duplication, in both directions, with a fixed seed so that a failure
 * can be replayed. The sender does what a game does: it polls once a frame and retries a message
 * that was {@link SendResult#BACKPRESSURED} on the next frame. Stats, a graceful close and the
 * simulated latency are checked on the same bad network.
 */
@Timeout(60)
class UdpLossTest {
    private static final long SEED = 20_240_601;
    private static final String BAD_NETWORK = "?sim.loss=0.2&sim.reorder=0.05&sim.dup=0.05&sim.seed=" + SEED;
    private static final String SEEDED = " (seed " + SEED + ")";

    private final Loop loop = new Loop();
    private final List<NetEvent> ended = new ArrayList<>();
    private Net hostNet;
    private Net clientNet;
    private Peer client;
    private Peer server;

    @AfterEach
    void close() {
        if (hostNet != null) {
            hostNet.close();
            clientNet.close();
        }
    }

    @Test
    void reliableMessagesArriveExactlyOnceAndInOrderBothWays() {
        connect(BAD_NETWORK);
        int total = 100_000;
        OrderedInbox atHost = new OrderedInbox();
        OrderedInbox atClient = new OrderedInbox();
        Sender up = new Sender(client, 3, Delivery.RELIABLE, total);
        Sender down = new Sender(server, 3, Delivery.RELIABLE, total);

        boolean done = play(
                () -> {
                    up.pump(UdpLossTest::small);
                    down.pump(UdpLossTest::small);
                },
                e -> (e.peer() == server ? atHost : atClient).take(e),
                () -> atHost.count == total && atClient.count == total,
                Duration.ofSeconds(30));

        assertThat(atHost.firstError).as("client to host" + SEEDED).isNull();
        assertThat(atClient.firstError).as("host to client" + SEEDED).isNull();
        assertThat(done)
                .as("all arrived" + SEEDED + ": host got %d, client got %d", atHost.count, atClient.count)
                .isTrue();
        assertThat(ended).as("nobody disconnected").isEmpty();
        pollAFewFrames(e -> (e.peer() == server ? atHost : atClient).take(e));
        assertThat(atHost.count).as("no message twice" + SEEDED).isEqualTo(total);
        assertThat(atClient.count).as("no message twice" + SEEDED).isEqualTo(total);
    }

    @Test
    void reliableUnorderedMessagesAllArriveNoneTwice() {
        connect(BAD_NETWORK);
        int total = 30_000;
        BitSet seen = new BitSet(total);
        long[] received = {0, 0}; // messages, duplicates
        Sender up = new Sender(client, 5, Delivery.RELIABLE_UNORDERED, total);

        boolean done = play(
                () -> up.pump(UdpLossTest::small),
                e -> {
                    int i = ByteBuffer.wrap(e.data()).getInt();
                    assertThat(e.data()).as("message %d intact" + SEEDED, i).isEqualTo(small(i));
                    assertThat(e.sequence()).isEqualTo(received[0]++);
                    received[1] += seen.get(i) ? 1 : 0;
                    seen.set(i);
                },
                () -> seen.cardinality() == total,
                Duration.ofSeconds(20));

        pollAFewFrames(e -> received[1]++);
        assertThat(done)
                .as("all %d arrived" + SEEDED + ", got %d", total, seen.cardinality())
                .isTrue();
        assertThat(received[1]).as("duplicates" + SEEDED).isZero();
        assertThat(ended).isEmpty();
    }

    @Test
    void sequencedMessagesNeverGoBackwards() {
        connect(BAD_NETWORK);
        int total = 2_000;
        List<Integer> arrived = new ArrayList<>();
        Sender up = new Sender(client, 7, Delivery.SEQUENCED, total);
        up.perFrame = 1; // one update per frame, as a game sends positions; every 7th is fragmented

        play(
                () -> up.pump(i -> sized(i, i % 7 == 0 ? 3_000 : 100)),
                e -> {
                    int i = ByteBuffer.wrap(e.data()).getInt();
                    assertThat(e.data())
                            .as("update %d intact" + SEEDED, i)
                            .isEqualTo(sized(i, i % 7 == 0 ? 3_000 : 100));
                    assertThat(e.sequence()).isEqualTo(arrived.size());
                    arrived.add(i);
                },
                () -> up.next == total,
                Duration.ofSeconds(20));
        pollAFewFrames(e -> arrived.add(ByteBuffer.wrap(e.data()).getInt()));

        assertThat(up.next).isEqualTo(total);
        assertThat(arrived).as("strictly newer each time" + SEEDED).isSorted().doesNotHaveDuplicates();
        assertThat(arrived.size()).as("some arrive, not all" + SEEDED).isBetween(total / 2, total - 1);
        assertThat(arrived).as("fragmented updates arrive too" + SEEDED).anyMatch(i -> i % 7 == 0);
        assertThat(ended).isEmpty();
    }

    @Test
    void unreliableMessagesArriveAboutOneMinusLossAndIntact() {
        connect(BAD_NETWORK);
        int total = 1_500;
        BitSet seen = new BitSet(total);
        Sender up = new Sender(client, 9, Delivery.UNRELIABLE, total);
        up.perFrame = 2;
        Consumer<NetEvent> check = e -> {
            int i = ByteBuffer.wrap(e.data()).getInt();
            assertThat(e.data()).as("message %d intact" + SEEDED, i).isEqualTo(sized(i, 600));
            assertThat(seen.get(i)).as("message %d twice" + SEEDED, i).isFalse();
            seen.set(i);
        };

        play(
                () -> up.pump(i -> sized(i, 600)), // one message per datagram
                check,
                () -> up.next == total && client.stats().queuedBytes() == 0,
                Duration.ofSeconds(20));
        pollAFewFrames(check);

        assertThat(client.stats().queuedBytes()).as("all sent").isZero();
        double delivered = (double) seen.cardinality() / up.queued;
        assertThat(delivered)
                .as("fraction of %d queued that arrived with sim.loss=0.2" + SEEDED, up.queued)
                .isBetween(0.75, 0.85);
        assertThat(ended).isEmpty();
    }

    @Test
    void oneMebibyteMessagesArriveIntactBackToBack() {
        connect(BAD_NETWORK + "&sendQueue=2MiB"); // the third waits until the first is acknowledged
        int total = 3;
        List<byte[]> arrived = new ArrayList<>();
        byte[][] sent = new byte[total][];
        for (int i = 0; i < total; i++) {
            new Random(SEED + i).nextBytes(sent[i] = new byte[1 << 20]);
        }
        Sender up = new Sender(client, 1, Delivery.RELIABLE, total);

        boolean done = play(
                () -> up.pump(i -> sent[i]),
                e -> {
                    assertThat(e.sequence()).isEqualTo(arrived.size());
                    arrived.add(e.data());
                },
                () -> arrived.size() == total,
                Duration.ofSeconds(30));

        assertThat(done).as("%d of %d arrived" + SEEDED, arrived.size(), total).isTrue();
        for (int i = 0; i < total; i++) {
            assertThat(Arrays.equals(arrived.get(i), sent[i]))
                    .as("1 MiB message %d intact" + SEEDED, i)
                    .isTrue();
        }
        assertThat(up.backpressured).as("3 MiB at once meets the 2 MiB queue").isPositive();
        assertThat(client.stats().retransmissions()).isPositive();
        assertThat(ended).isEmpty();
    }

    @Test
    void statsShowLossRetransmissionsAndDuplicates() {
        connect(BAD_NETWORK);
        int total = 20_000;
        OrderedInbox atHost = new OrderedInbox();
        OrderedInbox atClient = new OrderedInbox();
        Sender up = new Sender(client, 0, Delivery.RELIABLE, total);
        Sender down = new Sender(server, 0, Delivery.RELIABLE, total);

        assertThat(play(
                        () -> {
                            up.pump(UdpLossTest::small);
                            down.pump(UdpLossTest::small);
                        },
                        e -> (e.peer() == server ? atHost : atClient).take(e),
                        () -> atHost.count == total && atClient.count == total,
                        Duration.ofSeconds(20)))
                .isTrue();

        for (Peer p : List.of(client, server)) {
            PeerStats s = p.stats();
            String who = (p == client ? "client " : "host's peer ") + s + SEEDED;
            assertThat(s.packetsLost()).as(who).isPositive();
            assertThat(s.retransmissions()).as(who).isPositive();
            assertThat(s.lossRate()).as("loss rate of " + who).isBetween(0.1, 0.45);
            assertThat(s.datagramsDropped()).as("duplicates dropped by " + who).isPositive();
            assertThat(s.messagesReceived()).as(who).isEqualTo(total);
            assertThat(s.packetsReceived()).as(who).isPositive();
        }
    }

    @Test
    void gracefulCloseUnderLossLosesNothingSilently() {
        hostNet = Net.open();
        clientNet = Net.open();
        loop.add(hostNet).add(clientNet);
        Host host = hostNet.listen("udp://127.0.0.1:0");
        List<Peer> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // seeds SEED to SEED + 19
            String sim = "?sim.loss=0.2&sim.reorder=0.05&sim.dup=0.05&sim.seed=" + (SEED + i);
            clients.add(clientNet.connect("udp://127.0.0.1:" + host.port() + sim));
        }
        assertThat(loop.until(() -> clients.stream().allMatch(c -> c.state() == PeerState.CONNECTED)))
                .isTrue();

        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).send(0, sized(i, 20_000), Delivery.RELIABLE); // 17 fragments
            clients.get(i).close(); // graceful: the message first, then the goodbye
        }

        assertThat(loop.until(
                        () -> loop.of(hostNet, NetEvent.Type.DISCONNECTED).size() == clients.size()
                                && clients.stream().allMatch(c -> c.state() == PeerState.DISCONNECTED),
                        Duration.ofSeconds(20)))
                .isTrue();
        BitSet delivered = new BitSet();
        for (NetEvent e : loop.of(hostNet, NetEvent.Type.DATA)) {
            int i = ByteBuffer.wrap(e.data()).getInt();
            assertThat(e.data()).isEqualTo(sized(i, 20_000));
            delivered.set(i);
        }
        for (int i = 0; i < clients.size(); i++) {
            // a close may give up after closeTimeout, but then it must know that bytes were unacknowledged
            assertThat(delivered.get(i) || clients.get(i).stats().queuedBytes() > 0)
                    .as(
                            "seed %d: the message never arrived, yet the client's close ended with nothing"
                                    + " unacknowledged: %s",
                            SEED + i, clients.get(i).stats())
                    .isTrue();
        }
    }

    @Test
    void roundTripTimeIncludesBothSimulatedDirections() {
        connect("?sim.latency=40ms&sim.jitter=10ms&sim.seed=" + SEED);
        int[] got = {0};
        Sender up = new Sender(client, 0, Delivery.RELIABLE, 20);
        Sender down = new Sender(server, 0, Delivery.RELIABLE, 20);
        up.perFrame = 1;
        down.perFrame = 1;

        assertThat(play(
                        () -> {
                            up.pump(UdpLossTest::small);
                            down.pump(UdpLossTest::small);
                        },
                        e -> got[0]++,
                        () -> got[0] == 40,
                        Duration.ofSeconds(10)))
                .isTrue();

        // latency 40 ms plus up to 10 ms jitter, each way through the client's simulator
        assertThat(client.stats().rttMillis()).as("client's RTT" + SEEDED).isBetween(80.0, 200.0);
        assertThat(server.stats().rttMillis()).as("host's RTT" + SEEDED).isBetween(80.0, 200.0);
    }

    // ---- the game's side ----

    private void connect(String clientQuery) {
        hostNet = Net.open();
        clientNet = Net.open();
        loop.add(hostNet).add(clientNet);
        Host host = hostNet.listen("udp://127.0.0.1:0");
        client = clientNet.connect("udp://127.0.0.1:" + host.port() + clientQuery);
        assertThat(loop.until(() ->
                        client.state() == PeerState.CONNECTED && !host.peers().isEmpty()))
                .as("connects" + SEEDED)
                .isTrue();
        server = host.peers().iterator().next();
        loop.clear();
    }

    /**
     * Runs frames until {@code done} holds or {@code limit} passes: each frame the game sends, both
     * nets are polled, every DATA event goes to {@code onData} and is forgotten.
     */
    private boolean play(Runnable game, Consumer<NetEvent> onData, BooleanSupplier done, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0 || !ended.isEmpty()) {
                return false;
            }
            game.run();
            loop.pollOnce();
            for (Net net : List.of(hostNet, clientNet)) {
                for (NetEvent e : loop.events(net)) {
                    if (e.type() == NetEvent.Type.DATA) {
                        onData.accept(e);
                    } else {
                        ended.add(e);
                    }
                }
            }
            loop.clear();
        }
        return true;
    }

    /** A few more frames: a late duplicate would show here. */
    private void pollAFewFrames(Consumer<NetEvent> onData) {
        for (int i = 0; i < 20; i++) {
            play(() -> {}, onData, () -> false, Duration.ofMillis(5));
        }
    }

    /** Sends messages 0, 1, 2, ... of one channel, a share per frame, retrying what is pushed back. */
    private static final class Sender {
        final Peer from;
        final int channel;
        final Delivery delivery;
        final int total;
        int perFrame = 5_000;
        int next;
        int queued;
        int backpressured;

        Sender(Peer from, int channel, Delivery delivery, int total) {
            this.from = from;
            this.channel = channel;
            this.delivery = delivery;
            this.total = total;
        }

        void pump(IntFunction<byte[]> payload) {
            for (int n = 0; n < perFrame && next < total; n++) {
                SendResult r = from.send(channel, payload.apply(next), delivery);
                if (r == SendResult.BACKPRESSURED) {
                    backpressured++;
                    return; // the same message again next frame
                }
                assertThat(r).isIn(SendResult.QUEUED, SendResult.DROPPED);
                queued += r == SendResult.QUEUED ? 1 : 0;
                next++;
            }
        }
    }

    /** Checks that messages come as 0, 1, 2, ... with the right bytes and sequence numbers. */
    private static final class OrderedInbox {
        int count;
        String firstError;

        void take(NetEvent e) {
            int i = count++;
            if (firstError == null && e.sequence() != i) {
                firstError = "sequence " + e.sequence() + " where " + i + " was due";
            } else if (firstError == null && !Arrays.equals(e.data(), small(i))) {
                firstError = "message " + i + " has the bytes of "
                        + ByteBuffer.wrap(e.data()).getInt();
            }
        }
    }

    // ---- payloads that only their index has ----

    /** 4 to 14 bytes: the index, then a pattern of it. */
    private static byte[] small(int i) {
        return sized(i, 4 + i % 11);
    }

    private static byte[] sized(int i, int size) {
        byte[] b = new byte[size];
        ByteBuffer.wrap(b).putInt(i);
        for (int j = 4; j < size; j++) {
            b[j] = (byte) (i * 31 + j * 7);
        }
        return b;
    }
}
