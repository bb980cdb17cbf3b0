package io.netloop;

import static io.netloop.NetEvent.Type.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * A tiny send queue ({@code ?sendQueue=1KiB}) and a receiver that stops reading, over every
 * transport: reliable data is refused and retried without loss (over udp:// it counts as queued
 * until it is acknowledged), lossy data is dropped first, SEQUENCED never goes backwards.
 */
@Timeout(30)
class ContractBackpressureTest {
    private static final String TINY_QUEUE = "?sendQueue=1KiB";

    static byte[] numbered(int n, int size) {
        return ByteBuffer.allocate(size).putInt(n).array();
    }

    static int number(NetEvent e) {
        return ByteBuffer.wrap(e.data()).getInt();
    }

    static List<Integer> numbers(List<NetEvent> events) {
        List<Integer> out = new ArrayList<>();
        events.forEach(e -> out.add(number(e)));
        return out;
    }

    /**
     * Polls only the client and sends numbered 1000-byte messages until a send right after a poll
     * is refused because the server does not read: over tcp:// the socket buffers are full, over
     * udp:// nothing sent is acknowledged.
     *
     * @return how many messages were queued
     */
    private static int fillUntilStuck(Pair pair) {
        int queued = 0;
        for (int i = 0; i < 100_000; i++) {
            pair.clientNet.poll(); // the game's frame; the server's process is busy elsewhere
            SendResult r = pair.client.send(0, numbered(queued, 1000), Delivery.RELIABLE);
            // udp:// charges 48 bytes of bookkeeping per message; an empty queue takes one message;
            // tcp:// keeps what it wrote for a resume until it is acknowledged, up to twice the queue
            assertThat(pair.client.stats().queuedBytes())
                    .isLessThanOrEqualTo(pair.transport == Transport.TCP ? 2 * 1024 : 1024 + 48);
            if (r == SendResult.BACKPRESSURED) {
                return queued;
            }
            assertThat(r).isEqualTo(SendResult.QUEUED);
            queued++;
        }
        throw new AssertionError("100,000 sends of 1000 bytes never backpressured");
    }

    @EachTransport
    void reliableSendsAreBackpressuredWhileTheReceiverDoesNotReadAndNothingIsLost(Transport t) {
        try (Pair pair = Pair.open(t, "", TINY_QUEUE)) {
            int queued = fillUntilStuck(pair);
            assertThat(pair.client.stats().queuedBytes()).isPositive();
            assertThat(pair.client.send(0, numbered(queued, 1000), Delivery.RELIABLE))
                    .as("still refused: nothing was queued by the refused send")
                    .isEqualTo(SendResult.BACKPRESSURED);

            // the receiver reads again; the game retries each refused message on its next frame
            int total = queued + 500;
            int[] next = {queued};
            boolean done = pair.loop.until(
                    () -> {
                        while (next[0] < total
                                && pair.client.send(0, numbered(next[0], 1000), Delivery.RELIABLE)
                                        == SendResult.QUEUED) {
                            next[0]++;
                        }
                        return pair.data(pair.serverNet).size() >= total;
                    },
                    Duration.ofSeconds(20));

            assertThat(done).isTrue();
            List<Integer> got = numbers(pair.data(pair.serverNet));
            assertThat(got).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(got.get(i)).as("message %d", i).isEqualTo(i);
            }
            assertThat(pair.loop.events(pair.serverNet)).noneMatch(e -> e.type() == DISCONNECTED);
        }
    }

    @EachTransport
    void unreliableIsDroppedBeforeReliableIsRefused(Transport t) {
        try (Pair pair = Pair.open(t, "", TINY_QUEUE)) {
            // no poll in between: the queue only fills (1 KiB; lossy data may use half of it)
            assertThat(pair.client.send(0, numbered(1, 600), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            assertThat(pair.client.send(0, numbered(2, 10), Delivery.UNRELIABLE))
                    .isEqualTo(SendResult.DROPPED);
            assertThat(pair.client.send(0, numbered(3, 10), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            assertThat(pair.client.send(0, numbered(4, 600), Delivery.RELIABLE)).isEqualTo(SendResult.BACKPRESSURED);
            PeerStats stats = pair.client.stats();
            assertThat(stats.messagesDropped()).isEqualTo(1);
            assertThat(stats.messagesSent()).isEqualTo(2);
            // tcp:// counts the bytes of its frames (6 bytes of header each), udp:// the message bytes
            // and 48 bytes each of the bookkeeping a receiver charges for holding a message
            assertThat(stats.queuedBytes()).isEqualTo(t == Transport.TCP ? 610 + 2 * 6 : 610 + 2 * 48);

            assertThat(pair.loop.until(() -> pair.data(pair.serverNet).size() >= 2))
                    .isTrue();
            pair.loop.pollOnce();
            assertThat(numbers(pair.data(pair.serverNet))).containsExactly(1, 3);
            assertThat(pair.client.send(0, numbered(5, 10), Delivery.UNRELIABLE))
                    .as("room again once the queue drained")
                    .isEqualTo(SendResult.QUEUED);
        }
    }

    @EachTransport
    void sequencedNeverDeliversAnOlderMessageAfterANewerOneWhenTheStreamIsStuck(Transport t) {
        try (Pair pair = Pair.open(t, "", TINY_QUEUE)) {
            int reliable = fillUntilStuck(pair);
            int last = 1999;
            for (int v = 0; v <= last; v++) {
                pair.client.send(1, numbered(v, 8), Delivery.SEQUENCED);
                pair.client.send(2, numbered(v, 8), Delivery.SEQUENCED);
                if (v % 100 == 0) {
                    pair.clientNet.poll();
                }
                if (v == last / 2) {
                    pair.loop.pollNow(); // the receiver reads a little now and then
                }
            }
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet, 0).size() == reliable
                            && lastNumber(pair.data(pair.serverNet, 1)) == last
                            && lastNumber(pair.data(pair.serverNet, 2)) == last))
                    .isTrue();
            pair.loop.pollOnce();

            for (int ch = 1; ch <= 2; ch++) {
                List<Integer> values = numbers(pair.data(pair.serverNet, ch));
                assertThat(values).as("channel %d", ch).isSorted().doesNotHaveDuplicates();
                assertThat(values).as("channel %d", ch).endsWith(last).hasSizeLessThan(last + 1);
            }
            assertThat(pair.client.stats().messagesDropped()).isPositive();
        }
    }

    private static int lastNumber(List<NetEvent> events) {
        return events.isEmpty() ? -1 : number(events.get(events.size() - 1));
    }

    @EachTransport
    void sequencedKeepsOnlyTheNewestMessagePerChannelWhileBackedUp(Transport t) {
        try (Pair pair = Pair.open(t, "", "?sendQueue=1KiB")) {
            assertThat(pair.client.send(0, numbered(-1, 600), Delivery.RELIABLE))
                    .isEqualTo(SendResult.QUEUED);
            for (int v = 0; v < 100; v++) {
                assertThat(pair.client.send(1, numbered(v, 8), Delivery.SEQUENCED))
                        .isEqualTo(SendResult.QUEUED);
            }
            for (int v = 1000; v < 1010; v++) {
                pair.client.send(2, numbered(v, 8), Delivery.SEQUENCED);
            }
            assertThat(pair.client.stats().messagesDropped())
                    .as("replaced while held")
                    .isEqualTo(99 + 9);

            assertThat(pair.loop.until(() -> !pair.data(pair.serverNet, 1).isEmpty()
                            && !pair.data(pair.serverNet, 2).isEmpty()))
                    .isTrue();
            pair.loop.pollOnce();
            assertThat(numbers(pair.data(pair.serverNet, 0))).containsExactly(-1);
            assertThat(numbers(pair.data(pair.serverNet, 1))).containsExactly(99);
            assertThat(numbers(pair.data(pair.serverNet, 2))).containsExactly(1009);
            assertThat(pair.data(pair.serverNet, 1).get(0).sequence()).isZero();

            // with room again, SEQUENCED goes straight out
            assertThat(pair.client.send(1, numbered(100, 8), Delivery.SEQUENCED))
                    .isEqualTo(SendResult.QUEUED);
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet, 1).size() == 2))
                    .isTrue();
            assertThat(numbers(pair.data(pair.serverNet, 1))).containsExactly(99, 100);
        }
    }

    /** The held SEQUENCED frame goes out before the CLOSE frame, not after it where it is never read. */
    @EachTransport
    void gracefulCloseStillDeliversAHeldSequencedMessage(Transport t) {
        try (Pair pair = Pair.open(t, "", "?sendQueue=1KiB")) {
            assertThat(pair.client.send(0, numbered(1, 600), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            assertThat(pair.client.send(1, numbered(2, 8), Delivery.SEQUENCED))
                    .as("held: the queue is past half")
                    .isEqualTo(SendResult.QUEUED);
            pair.client.close();

            assertThat(pair.loop.until(() -> pair.disconnected(pair.serverNet).size() == 1
                            && pair.disconnected(pair.clientNet).size() == 1))
                    .isTrue();
            assertThat(pair.loop.events(pair.serverNet))
                    .extracting(e -> e.type() + (e.type() == DISCONNECTED ? "" : " " + number(e)))
                    .containsExactly("DATA 1", "DATA 2", "DISCONNECTED");
            assertThat(pair.disconnected(pair.serverNet).get(0).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
            assertThat(pair.disconnected(pair.clientNet).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
        }
    }
}
