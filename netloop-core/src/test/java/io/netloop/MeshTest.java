package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Peer-to-peer on loopback: members discover each other through 127.255.255.255 and end fully
 * connected, one connection per pair, over each transport.
 */
@Timeout(30)
class MeshTest {
    private static final int MEMBERS = 5;
    private final List<Net> nets = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nets.forEach(Net::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void fiveMembersEndFullyConnectedWithOneConnectionPerPair(String scheme) {
        String lan =
                "lan://mesh-test?port=" + Transport.freeUdpPort() + "&targets=127.255.255.255&ipv6=false&interval=50ms";
        List<Mesh> meshes = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            Net net = Net.open();
            nets.add(net);
            meshes.add(net.mesh(lan, scheme + "://127.0.0.1:0"));
        }
        Loop loop = new Loop(nets.toArray(new Net[0]));

        assertThat(loop.until(
                        () -> nets.stream().allMatch(n -> loop.of(n, CONNECTED).size() == MEMBERS - 1),
                        Duration.ofSeconds(15)))
                .as("each member sees the four others connect")
                .isTrue();
        loop.pollFor(Duration.ofMillis(500)); // ten more rounds of discovery: nothing may change

        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < MEMBERS; i++) {
            Net net = nets.get(i);
            assertThat(loop.of(net, CONNECTED)).as("member %d's CONNECTED", i).hasSize(MEMBERS - 1);
            assertThat(loop.of(net, DISCONNECTED))
                    .as("member %d's DISCONNECTED", i)
                    .isEmpty();
            assertThat(meshes.get(i).peers()).hasSize(MEMBERS - 1);
            ports.add(meshes.get(i).host().port());
        }
        assertThat(ports).hasSize(MEMBERS);
        int accepted = meshes.stream().mapToInt(m -> m.host().peers().size()).sum();
        assertThat(accepted).as("connections: one per pair").isEqualTo(MEMBERS * (MEMBERS - 1) / 2);

        // Every member reaches every other: a message from each to each arrives once.
        for (Mesh m : meshes) {
            for (Peer p : m.peers()) {
                assertThat(p.send(new byte[] {(byte) m.host().port()})).isEqualTo(SendResult.QUEUED);
            }
        }
        assertThat(loop.until(() -> nets.stream().allMatch(n -> loop.of(n, DATA).size() == MEMBERS - 1)))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "udp"})
    void aMemberThatLeavesIsGoneFromTheOthersAndOneThatJoinsLateIsConnected(String scheme) {
        String lan =
                "lan://mesh-test?port=" + Transport.freeUdpPort() + "&targets=127.255.255.255&ipv6=false&interval=50ms";
        Net a = open();
        Net b = open();
        Mesh ma = a.mesh(lan, scheme + "://127.0.0.1:0");
        Mesh mb = b.mesh(lan, scheme + "://127.0.0.1:0");
        Loop loop = new Loop(a, b);
        assertThat(loop.until(() -> ma.peers().size() == 1 && mb.peers().size() == 1))
                .isTrue();

        Net late = open();
        Mesh mc = late.mesh(lan, scheme + "://127.0.0.1:0");
        loop.add(late);
        assertThat(loop.until(() -> ma.peers().size() == 2
                        && mb.peers().size() == 2
                        && mc.peers().size() == 2))
                .isTrue();

        mb.close();
        assertThat(loop.until(() -> ma.peers().size() == 1 && mc.peers().size() == 1))
                .isTrue();
        assertThat(loop.of(a, DISCONNECTED)).hasSize(1);
        assertThat(loop.of(late, DISCONNECTED)).hasSize(1);
    }

    private Net open() {
        Net net = Net.open();
        nets.add(net);
        return net;
    }
}
