package io.netloop.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.testkit.TcpRig.Pair;
import io.netloop.testkit.UdpRig.Received;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkProxyTest {
    private static final Duration QUIET = Duration.ofMillis(100);

    @ParameterizedTest(name = "started={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tcpForwardsBothWays(boolean started) throws IOException {
        try (TcpRig rig = new TcpRig(started)) {
            Pair pair = rig.connect();
            byte[] up = pattern(3_000_001, 1); // several times round the proxy's 256 KiB buffer
            byte[] down = pattern(1_500_007, 2);
            assertThat(rig.transfer(pair.client(), pair.server(), up)).isEqualTo(up);
            assertThat(rig.transfer(pair.server(), pair.client(), down)).isEqualTo(down);
            assertThat(rig.proxy.bytesForwarded()).isEqualTo(up.length + down.length);
            assertThat(rig.proxy.uri()).isEqualTo("tcp://127.0.0.1:" + rig.proxy.port());
        }
    }

    @ParameterizedTest(name = "started={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void udpForwardsBothWays(boolean started) throws IOException {
        try (UdpRig rig = new UdpRig(started)) {
            DatagramChannel client = rig.client();
            rig.send(client, "ping");
            Received atTarget = rig.receive(rig.target);
            assertThat(atTarget.text()).isEqualTo("ping");
            rig.answer(atTarget.from(), "pong");
            Received atClient = rig.receive(client);
            assertThat(atClient.text()).isEqualTo("pong");
            assertThat(atClient.from()).isEqualTo(rig.proxy.address());
            assertThat(rig.proxy.uri()).isEqualTo("udp://127.0.0.1:" + rig.proxy.port());
        }
    }

    @ParameterizedTest(name = "started={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tcpCutResetsBothSidesAndLaterConnectionsWork(boolean started) throws IOException {
        try (TcpRig rig = new TcpRig(started)) {
            Pair old = rig.connect();
            rig.send(old.client(), bytes("before"));
            rig.receive(old.server(), 6);

            rig.proxy.cut();

            rig.awaitEndOrReset(old.client());
            rig.awaitEndOrReset(old.server());
            assertThat(rig.proxy.openConnections()).isZero();
            Pair fresh = rig.connect();
            rig.send(fresh.client(), bytes("after"));
            assertThat(rig.receive(fresh.server(), 5)).isEqualTo(bytes("after"));
            assertThat(rig.proxy.cuts()).isEqualTo(1);
            assertThat(rig.proxy.connections()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void udpCutLooksLikeANatRebindingToTheTarget() throws IOException {
        try (UdpRig rig = new UdpRig(false)) {
            DatagramChannel client = rig.client();
            rig.send(client, "a");
            SocketAddress oldFlow = rig.receive(rig.target).from();

            rig.proxy.cut();

            rig.answer(oldFlow, "late");
            rig.waiter.until("the late answer to be dropped", () -> rig.proxy.datagramsDropped() == 1);
            assertThat(rig.datagramsArrivingWithin(client, QUIET)).isZero();
            rig.send(client, "b");
            Received b = rig.receive(rig.target);
            assertThat(b.text()).isEqualTo("b");
            assertThat(b.from()).isNotEqualTo(oldFlow);
            rig.answer(b.from(), "c");
            assertThat(rig.receive(client).text()).isEqualTo("c");
            assertThat(rig.proxy.connections()).isEqualTo(2);
            assertThat(rig.proxy.openConnections()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tcpStallHoldsEverythingAndHealDeliversItInOrder() throws IOException {
        try (TcpRig rig = new TcpRig(false)) {
            Pair pair = rig.connect();
            rig.proxy.stall();
            byte[] up = pattern(32_000, 3);
            byte[] down = pattern(24_000, 4);
            rig.send(pair.client(), up);
            rig.send(pair.server(), down);
            SocketChannel late = rig.connectOnly();
            rig.send(late, bytes("late"));

            assertThat(rig.bytesArrivingWithin(pair.server(), QUIET)).isZero();
            assertThat(rig.bytesArrivingWithin(pair.client(), QUIET)).isZero();
            assertThat(rig.accept()).as("connections wait in the backlog").isNull();
            assertThat(rig.proxy.bytesForwarded()).isZero();

            rig.proxy.heal();

            assertThat(rig.receive(pair.server(), up.length)).isEqualTo(up);
            assertThat(rig.receive(pair.client(), down.length)).isEqualTo(down);
            SocketChannel[] lateServer = new SocketChannel[1];
            rig.waiter.until("the held connection", () -> (lateServer[0] = rig.accept()) != null);
            assertThat(rig.receive(lateServer[0], 4)).isEqualTo(bytes("late"));
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void udpStallHoldsDatagramsAndHealDeliversThemInOrder() throws IOException {
        try (UdpRig rig = new UdpRig(false)) {
            DatagramChannel client = rig.client();
            rig.send(client, "hello");
            SocketAddress flow = rig.receive(rig.target).from();
            rig.proxy.stall();
            List<String> up = new ArrayList<>();
            List<String> down = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                up.add("up" + i);
                down.add("down" + i);
                rig.send(client, "up" + i);
                rig.answer(flow, "down" + i);
            }

            assertThat(rig.datagramsArrivingWithin(rig.target, QUIET)).isZero();
            assertThat(rig.datagramsArrivingWithin(client, QUIET)).isZero();

            rig.proxy.heal();

            assertThat(rig.receive(rig.target, 100)).isEqualTo(up);
            assertThat(rig.receive(client, 100)).isEqualTo(down);
            assertThat(rig.proxy.datagramsDropped()).isZero();
            assertThat(rig.proxy.datagramsForwarded()).isEqualTo(201);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tcpBlackHoleDropsSilentlyAndHealResetsOnlyTheConnectionsThatLostBytes() throws IOException {
        try (TcpRig rig = new TcpRig(false)) {
            Pair busy = rig.connect();
            Pair idle = rig.connect();

            rig.proxy.blackHole();

            rig.send(busy.client(), bytes("lost"));
            rig.send(busy.server(), bytes("gone"));
            SocketChannel stranded = rig.connectOnly();
            rig.send(stranded, bytes("x"));
            rig.waiter.until("9 bytes dropped", () -> rig.proxy.bytesDropped() == 9);
            assertThat(rig.bytesArrivingWithin(busy.server(), QUIET)).isZero();
            assertThat(rig.bytesArrivingWithin(busy.client(), QUIET)).isZero();
            assertThat(rig.bytesArrivingWithin(stranded, QUIET))
                    .as("nobody is told")
                    .isZero();
            assertThat(rig.accept()).as("never connected to the target").isNull();

            rig.proxy.heal();

            rig.awaitEndOrReset(busy.client());
            rig.awaitEndOrReset(busy.server());
            rig.awaitEndOrReset(stranded);
            rig.send(idle.client(), bytes("still here"));
            assertThat(rig.receive(idle.server(), 10)).isEqualTo(bytes("still here"));
            Pair fresh = rig.connect();
            rig.send(fresh.server(), bytes("new"));
            assertThat(rig.receive(fresh.client(), 3)).isEqualTo(bytes("new"));
            assertThat(rig.proxy.openConnections()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void udpBlackHoleDropsSilentlyAndHealLetsDatagramsFlowAgain() throws IOException {
        try (UdpRig rig = new UdpRig(false)) {
            DatagramChannel client = rig.client();
            rig.send(client, "hello");
            SocketAddress flow = rig.receive(rig.target).from();

            rig.proxy.blackHole();

            rig.send(client, "lost");
            rig.answer(flow, "gone");
            rig.waiter.until("2 datagrams dropped", () -> rig.proxy.datagramsDropped() == 2);
            assertThat(rig.datagramsArrivingWithin(rig.target, QUIET)).isZero();
            assertThat(rig.datagramsArrivingWithin(client, QUIET)).isZero();

            rig.proxy.heal();

            rig.send(client, "back");
            Received back = rig.receive(rig.target);
            assertThat(back.text()).isEqualTo("back");
            assertThat(back.from()).as("the flow survives").isEqualTo(flow);
            rig.answer(flow, "welcome");
            assertThat(rig.receive(client).text()).isEqualTo("welcome");
        }
    }

    @ParameterizedTest(name = "started={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tcpDelayHoldsEachDirection(boolean started) throws IOException {
        try (TcpRig rig = new TcpRig(started)) {
            Pair pair = rig.connect();
            rig.proxy.delay(Duration.ofMillis(100));

            long t0 = System.nanoTime();
            rig.send(pair.client(), bytes("up"));
            rig.receive(pair.server(), 2);
            assertDelayed(System.nanoTime() - t0);
            t0 = System.nanoTime();
            rig.send(pair.server(), bytes("down"));
            rig.receive(pair.client(), 4);
            assertDelayed(System.nanoTime() - t0);
        }
    }

    @ParameterizedTest(name = "started={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void udpDelayHoldsEachDirection(boolean started) throws IOException {
        try (UdpRig rig = new UdpRig(started)) {
            DatagramChannel client = rig.client();
            rig.proxy.delay(Duration.ofMillis(100));

            long t0 = System.nanoTime();
            rig.send(client, "up");
            SocketAddress flow = rig.receive(rig.target).from();
            assertDelayed(System.nanoTime() - t0);
            t0 = System.nanoTime();
            rig.answer(flow, "down");
            rig.receive(client);
            assertDelayed(System.nanoTime() - t0);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void countersAddUp() throws IOException {
        try (TcpRig rig = new TcpRig(false)) {
            Pair pair = rig.connect();
            rig.send(pair.client(), bytes("0123456789"));
            rig.receive(pair.server(), 10);
            rig.send(pair.server(), bytes("abcde"));
            rig.receive(pair.client(), 5);
            assertThat(rig.proxy.connections()).isEqualTo(1);
            assertThat(rig.proxy.openConnections()).isEqualTo(1);
            assertThat(rig.proxy.bytesForwarded()).isEqualTo(15);

            pair.client().shutdownOutput();
            rig.awaitEndOrReset(pair.server());
            pair.server().shutdownOutput();
            rig.awaitEndOrReset(pair.client());
            rig.waiter.until("the connection to be closed", () -> rig.proxy.openConnections() == 0);
            assertThat(rig.proxy.cuts()).isZero();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aRefusedTargetClosesTheClientWithoutBreakingThePump() throws IOException {
        InetSocketAddress nobody;
        try (ServerSocketChannel gone = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            nobody = (InetSocketAddress) gone.getLocalAddress();
        }
        try (LinkProxy proxy = LinkProxy.tcp(nobody);
                SocketChannel client = SocketChannel.open(proxy.address())) {
            client.configureBlocking(false);
            Waiter waiter = new Waiter(proxy, false);
            waiter.until("the client to be closed", () -> {
                try {
                    return client.read(ByteBuffer.allocate(16)) < 0;
                } catch (IOException e) {
                    return true;
                }
            });
            assertThat(proxy.connections()).isEqualTo(1);
            assertThat(proxy.openConnections()).isZero();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void closeReleasesThePortAndStopsTheThread() throws IOException {
        try (TcpRig rig = new TcpRig(true)) {
            Pair pair = rig.connect();
            int port = rig.proxy.port();

            rig.proxy.close();
            rig.proxy.close();

            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().equals(LinkProxy.THREAD_NAME) && t.isAlive());
            rig.awaitEndOrReset(pair.client());
            rig.awaitEndOrReset(pair.server());
            try (ServerSocketChannel again = ServerSocketChannel.open()) {
                again.bind(new InetSocketAddress("127.0.0.1", port));
            }
            assertThatThrownBy(rig.proxy::start).isInstanceOf(IllegalStateException.class);
        }
        LinkProxy udp = LinkProxy.udp(new InetSocketAddress("127.0.0.1", 9)).start();
        udp.close();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals(LinkProxy.THREAD_NAME));
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(udp.address());
        }
    }

    private static void assertDelayed(long nanos) {
        assertThat(Duration.ofNanos(nanos)).isBetween(Duration.ofMillis(90), Duration.ofSeconds(2));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        return data;
    }
}
