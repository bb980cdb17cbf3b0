package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import io.netloop.codec.Messages.Chat;
import io.netloop.codec.Messages.Dir;
import io.netloop.codec.Messages.Item;
import io.netloop.codec.Messages.Move;
import io.netloop.codec.Messages.Player;
import io.netloop.codec.Messages.Snapshot;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records over a real {@link Net} on 127.0.0.1, over tcp:// and udp://, decoded from DATA events and lent buffers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetworkTest {
    private final Codec codec = Messages.codec();

    /** Polls both nets until {@code done}, for at most ten seconds of real time. */
    private static boolean pollUntil(
            Net a, Net b, List<NetEvent> aEvents, List<NetEvent> bEvents, BooleanSupplier done) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            aEvents.addAll(a.poll(java.time.Duration.ofMillis(1)));
            bEvents.addAll(b.poll(java.time.Duration.ofMillis(1)));
        }
        return true;
    }

    private static List<NetEvent> of(List<NetEvent> events, NetEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void recordsTravelBothWays(String scheme) {
        Snapshot snapshot = new Snapshot(
                7,
                List.of(new Player("ann", 90, Optional.of(Dir.EAST))),
                Map.of("ann", List.of(new Item("rope", 2))),
                Set.of(Dir.NORTH),
                Optional.empty(),
                Dir.WEST);
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(scheme + "://127.0.0.1:0");
            Peer server = clientNet.connect(scheme + "://127.0.0.1:" + host.port());
            List<NetEvent> serverEvents = new ArrayList<>();
            List<NetEvent> clientEvents = new ArrayList<>();

            assertThat(codec.send(server, 1, new Chat("ann", "hello"), Delivery.RELIABLE))
                    .isEqualTo(SendResult.QUEUED);
            codec.send(server, 2, new Move(3, -4), Delivery.RELIABLE);
            codec.send(server, 1, snapshot, Delivery.RELIABLE);
            assertThat(pollUntil(
                            serverNet,
                            clientNet,
                            serverEvents,
                            clientEvents,
                            () -> of(serverEvents, NetEvent.Type.DATA).size() == 3))
                    .isTrue();
            List<Record> received = new ArrayList<>();
            for (NetEvent e : of(serverEvents, NetEvent.Type.DATA)) {
                received.add(codec.decode(e));
            }
            assertThat(received).containsExactlyInAnyOrder(new Chat("ann", "hello"), new Move(3, -4), snapshot);

            assertThat(codec.broadcast(host, 0, new Chat("server", "welcome"), Delivery.RELIABLE))
                    .isEqualTo(1);
            assertThat(pollUntil(serverNet, clientNet, serverEvents, clientEvents, () -> !of(
                                    clientEvents, NetEvent.Type.DATA)
                            .isEmpty()))
                    .isTrue();
            assertThat(codec.decode(of(clientEvents, NetEvent.Type.DATA).get(0).data(), Chat.class))
                    .isEqualTo(new Chat("server", "welcome"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void lentBuffersDecodeInPlaceAndNonsenseClosesThePeer(String scheme) {
        List<Record> received = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Listener listener = new Listener() {
            @Override
            public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
                try {
                    received.add(codec.decode(data));
                } catch (CodecException bad) {
                    refused.add(bad.getMessage());
                    peer.close();
                }
            }
        };
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen(scheme + "://127.0.0.1:0", listener);
            Peer server = clientNet.connect(scheme + "://127.0.0.1:" + host.port());
            List<NetEvent> serverEvents = new ArrayList<>();
            List<NetEvent> clientEvents = new ArrayList<>();
            codec.send(server, 0, new Move(1, 2), Delivery.RELIABLE);
            codec.send(server, 0, new Chat("bob", "ünïcödé"), Delivery.RELIABLE);
            server.send(0, new byte[] {(byte) 0x92, 99, 0}, Delivery.RELIABLE);
            assertThat(pollUntil(serverNet, clientNet, serverEvents, clientEvents, () -> !of(
                                    clientEvents, NetEvent.Type.DISCONNECTED)
                            .isEmpty()))
                    .isTrue();
            assertThat(received).containsExactly(new Move(1, 2), new Chat("bob", "ünïcödé"));
            assertThat(refused).singleElement().asString().contains("unknown type id 99");
        }
    }

    private static NetConfig agreeingOn(Codec codec) {
        return NetConfig.builder().agreement("message set", codec.fingerprint()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void peersWhoseMessageSetsDifferAreRefusedAtConnect(String scheme) {
        Codec newer = Messages.builder().register(Extra.class).build(); // one message more
        try (Net serverNet = Net.open(agreeingOn(newer));
                Net clientNet = Net.open(agreeingOn(codec))) {
            Host host = serverNet.listen(scheme + "://127.0.0.1:0");
            Peer server = clientNet.connect(scheme + "://127.0.0.1:" + host.port());
            assertThat(codec.send(server, 0, new Move(1, 2), Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            List<NetEvent> serverEvents = new ArrayList<>();
            List<NetEvent> clientEvents = new ArrayList<>();
            assertThat(pollUntil(serverNet, clientNet, serverEvents, clientEvents, () -> !of(
                                    clientEvents, NetEvent.Type.DISCONNECTED)
                            .isEmpty()))
                    .isTrue();

            assertThat(clientEvents).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo(DisconnectReason.REFUSED);
                assertThat(e.detail()).contains("the message set differs between host and client");
            });
            assertThat(serverEvents)
                    .as("the host never saw a peer, nor a message")
                    .isEmpty();
            assertThat(host.stats().refused()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void peersWithTheSameMessagesConnect(String scheme) {
        try (Net serverNet = Net.open(agreeingOn(Messages.codec()));
                Net clientNet = Net.open(agreeingOn(codec))) {
            Host host = serverNet.listen(scheme + "://127.0.0.1:0");
            Peer server = clientNet.connect(scheme + "://127.0.0.1:" + host.port());
            codec.send(server, 0, new Move(1, 2), Delivery.RELIABLE);
            List<NetEvent> serverEvents = new ArrayList<>();
            List<NetEvent> clientEvents = new ArrayList<>();
            assertThat(pollUntil(serverNet, clientNet, serverEvents, clientEvents, () -> !of(
                                    serverEvents, NetEvent.Type.DATA)
                            .isEmpty()))
                    .isTrue();
            assertThat(codec.decode(of(serverEvents, NetEvent.Type.DATA).get(0)))
                    .isEqualTo(new Move(1, 2));
        }
    }

    /** A message only the newer build has. */
    record Extra(int value) {}
}
