package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Timeout;

/** Many messages and large messages over every transport: complete, intact and in order per channel. */
@Timeout(30)
class ContractVolumeTest {
    private static final int CHANNELS = 4;

    /** How often a send was refused; a game polls and retries the same message. */
    private int backpressured;

    /** The message number {@code index} of {@code channel}: 1..200 bytes that only it has. */
    private static byte[] payload(int channel, long index) {
        int size = 1 + (int) ((index * 7919 + channel * 31) % 200);
        byte[] b = new byte[size];
        for (int j = 0; j < size; j++) {
            b[j] = (byte) (index * 31 + channel * 17 + j + (index >>> 8));
        }
        return b;
    }

    /** Which channel the sender's {@code i}-th message goes on: mixed, not round robin. */
    private static int channelOf(int i) {
        return (i ^ (i >>> 3) ^ (i >>> 7)) & (CHANNELS - 1);
    }

    /** Sends the next messages until a batch is done or the queue pushes back; returns how many were sent in all. */
    private int pump(Peer peer, int sent, int total, long[] perChannel) {
        for (int batch = 0; batch < 2_000 && sent < total; batch++) {
            int ch = channelOf(sent);
            SendResult r = peer.send(ch, payload(ch, perChannel[ch]), Delivery.RELIABLE);
            if (r == SendResult.BACKPRESSURED) {
                backpressured++;
                return sent; // the game's way: poll, then retry the same message next frame
            }
            assertThat(r).isEqualTo(SendResult.QUEUED);
            perChannel[ch]++;
            sent++;
        }
        return sent;
    }

    /** Null if every channel's DATA events count 0,1,2... and carry the expected bytes, else the first mismatch. */
    private static String firstMismatch(List<NetEvent> data) {
        long[] expected = new long[CHANNELS];
        for (NetEvent e : data) {
            int ch = e.channel();
            long seq = expected[ch]++;
            if (e.sequence() != seq) {
                return "channel " + ch + ": sequence " + e.sequence() + " where " + seq + " was due";
            }
            if (!Arrays.equals(e.data(), payload(ch, seq))) {
                return "channel " + ch + " #" + seq + ": wrong bytes (" + e.data().length + " bytes)";
            }
        }
        return null;
    }

    @EachTransport
    @Timeout(60)
    void reliableMessagesArriveCompleteAndInOrderPerChannelBothWaysAtOnce(Transport t) {
        int total = 100_000;
        // a 64 KiB queue (of 10 MB to send each way) makes the senders meet backpressure and retry
        try (Pair pair = Pair.open(t, "?sendQueue=64KiB", "?sendQueue=64KiB")) {
            long[] clientChannels = new long[CHANNELS];
            long[] serverChannels = new long[CHANNELS];
            int[] sent = {0, 0};
            boolean done = pair.loop.until(
                    () -> {
                        sent[0] = pump(pair.client, sent[0], total, clientChannels);
                        sent[1] = pump(pair.server, sent[1], total, serverChannels);
                        // only DATA is expected, and counting all events is cheap
                        return pair.loop.events(pair.serverNet).size() >= total
                                && pair.loop.events(pair.clientNet).size() >= total;
                    },
                    Duration.ofSeconds(45));

            assertThat(done)
                    .as(
                            "received %d and %d of %d",
                            pair.data(pair.serverNet).size(),
                            pair.data(pair.clientNet).size(),
                            total)
                    .isTrue();
            pair.loop.pollOnce();
            assertThat(pair.data(pair.serverNet)).hasSize(total);
            assertThat(pair.data(pair.clientNet)).hasSize(total);
            assertThat(firstMismatch(pair.data(pair.serverNet))).isNull();
            assertThat(firstMismatch(pair.data(pair.clientNet))).isNull();
            for (int ch = 0; ch < CHANNELS; ch++) {
                assertThat(pair.data(pair.serverNet, ch)).hasSize((int) clientChannels[ch]);
                assertThat(pair.data(pair.clientNet, ch)).hasSize((int) serverChannels[ch]);
            }
            assertThat(backpressured).as("the retry path was taken").isPositive();
            assertThat(pair.server.stats().messagesReceived()).isEqualTo(total);
            assertThat(pair.client.stats().messagesSent()).isEqualTo(total);
            assertThat(pair.disconnected(pair.serverNet)).isEmpty();
            assertThat(pair.disconnected(pair.clientNet)).isEmpty();
        }
    }

    @EachTransport
    void messagesUpToTheMaximumSizeArriveIntact(Transport t) {
        int max = 1 << 20;
        // udp:// sends a message in one packet up to the mtu less 21 bytes of headers, else in fragments
        int unfragmented = NetConfig.defaults().mtu() - 21;
        int fragment = unfragmented - 8;
        try (Pair pair = Pair.open(t, "?maxMessage=1MiB", "?maxMessage=1MiB")) {
            // sizes around tcp's reader carry (16 KiB) and read buffer (256 KiB), around udp's packet
            // and fragment sizes, up to exactly the maximum (896 fragments over udp)
            int[] sizes = {
                0,
                1,
                16 * 1024 - 7,
                16 * 1024 - 6,
                16 * 1024 - 5,
                64 * 1024,
                256 * 1024 + 1,
                max - 1,
                max,
                unfragmented,
                unfragmented + 1,
                2 * fragment,
                2 * fragment + 1
            };
            Random random = new Random(42);
            byte[][] sent = new byte[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                sent[i] = new byte[sizes[i]];
                random.nextBytes(sent[i]);
                byte[] message = sent[i];
                assertThat(pair.loop.until(() -> pair.client.send(2, message, Delivery.RELIABLE) == SendResult.QUEUED))
                        .as("message of %d bytes queued, retried while backpressured", sizes[i])
                        .isTrue();
            }
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet).size() == sizes.length))
                    .isTrue();

            List<NetEvent> got = pair.data(pair.serverNet);
            for (int i = 0; i < sizes.length; i++) {
                assertThat(got.get(i).sequence()).isEqualTo(i);
                assertThat(got.get(i).data())
                        .as("message of %d bytes", sizes[i])
                        .isEqualTo(sent[i]);
            }
            assertThat(pair.disconnected(pair.serverNet)).isEmpty();
        }
    }

    @EachTransport
    void aMessageAboveTheMaximumIsRefusedWithAnExceptionNamingMaxMessage(Transport t) {
        NetConfig config = NetConfig.builder().maxMessageSize(4096).build();
        try (Pair pair = Pair.open(t, config, config, "", "")) {
            assertThatThrownBy(() -> pair.client.send(0, new byte[4097], Delivery.RELIABLE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxMessage");
            assertThatThrownBy(() -> pair.host.broadcast(0, new byte[4097], Delivery.UNRELIABLE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxMessage");

            byte[] exactlyMax = new byte[4096];
            Arrays.fill(exactlyMax, (byte) 7);
            assertThat(pair.client.send(0, exactlyMax, Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet).size() == 1))
                    .isTrue();
            assertThat(pair.data(pair.serverNet).get(0).data()).isEqualTo(exactlyMax);
            assertThat(pair.client.state()).isEqualTo(PeerState.CONNECTED);
        }
    }

    @EachTransport
    void theUriMaxMessageOverridesTheConfigForThatConnection(Transport t) {
        try (Pair pair = Pair.open(t, "?maxMessage=64KiB", "?maxMessage=64KiB")) {
            assertThatThrownBy(() -> pair.client.send(0, new byte[64 * 1024 + 1], Delivery.RELIABLE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxMessage");
            byte[] exactlyMax = new byte[64 * 1024];
            new Random(7).nextBytes(exactlyMax);
            assertThat(pair.client.send(0, exactlyMax, Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            assertThat(pair.loop.until(() -> pair.data(pair.serverNet).size() == 1))
                    .isTrue();
            assertThat(pair.data(pair.serverNet).get(0).data()).isEqualTo(exactlyMax);
        }
    }
}
