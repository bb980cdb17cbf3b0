package io.netloop;

import static io.netloop.NetEvent.Type.RECONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Peer#simulate}: a game's debug sliders change a running {@code udp://} connection's
 * simulated network, on a fake clock so that latency is measured exactly.
 */
@Timeout(30)
class SimulateTest {
    private final FakeClock clock = new FakeClock();
    private final List<Pair> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Pair::close);
    }

    @Test
    void latencySetWhileConnectedHoldsBothDirectionsExactlyThatLong() {
        Pair p = pair(Transport.UDP);
        p.client.simulate(Simulation.NONE.withLatency(Duration.ofMillis(100), Duration.ZERO));
        p.client.send(0, bytes("up"), Delivery.UNRELIABLE);
        p.server.send(0, bytes("down"), Delivery.UNRELIABLE);

        pollForRealMillis(p, 100);
        clock.advance(Duration.ofMillis(99));
        pollForRealMillis(p, 20);
        assertThat(p.data(p.serverNet)).as("up, 99 ms into 100").isEmpty();
        assertThat(p.data(p.clientNet)).as("down, 99 ms into 100").isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(p.loop.untilNow(() -> p.data(p.serverNet).size() == 1, Duration.ofSeconds(5)))
                .as("up arrives at 100 ms")
                .isTrue();
        assertThat(p.loop.untilNow(() -> p.data(p.clientNet).size() == 1, Duration.ofSeconds(5)))
                .as("down arrives at 100 ms")
                .isTrue();
    }

    @Test
    void totalLossDropsEverythingUntilTheSimulatorIsTurnedOff() {
        Pair p = pair(Transport.UDP);
        p.client.simulate(Simulation.NONE.withLoss(1));
        for (int i = 0; i < 10; i++) {
            p.client.send(0, bytes("lost " + i), Delivery.UNRELIABLE);
        }
        pollForRealMillis(p, 100);
        assertThat(p.data(p.serverNet)).isEmpty();

        p.client.simulate(Simulation.NONE);
        for (int i = 0; i < 10; i++) {
            p.client.send(0, bytes("kept " + i), Delivery.UNRELIABLE);
        }
        assertThat(p.loop.untilNow(() -> p.data(p.serverNet).size() == 10, Duration.ofSeconds(5)))
                .as("all ten sent after the simulator was turned off")
                .isTrue();
        assertThat(new String(p.data(p.serverNet).get(0).data(), StandardCharsets.UTF_8))
                .isEqualTo("kept 0");
    }

    @Test
    void theSettingsStayInForceOnTheSocketsOfAReconnect() {
        Pair p = pair(Transport.UDP);
        p.client.simulate(Simulation.NONE.withLoss(1));
        advanceUntil(p, () -> !p.loop.of(p.clientNet, RECONNECTING).isEmpty(), Duration.ofSeconds(15));
        advance(p, Duration.ofSeconds(8)); // several attempts, each on a new socket
        assertThat(p.loop.of(p.clientNet, RECONNECTED))
                .as("no attempt got through a link that drops everything")
                .isEmpty();

        p.client.simulate(Simulation.NONE);
        advanceUntil(p, () -> !p.loop.of(p.clientNet, RECONNECTED).isEmpty(), Duration.ofSeconds(10));
        assertThat(p.loop.of(p.clientNet, RECONNECTED).get(0).resumed()).isTrue();
    }

    @Test
    void aHostsPeerAndATcpConnectionSayWhatToDoInstead() {
        Pair udp = pair(Transport.UDP);
        assertThatThrownBy(() -> udp.server.simulate(Simulation.NONE))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("listen URI");
        Pair tcp = pair(Transport.TCP);
        assertThatThrownBy(() -> tcp.client.simulate(Simulation.NONE))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("only a udp:// connection");
    }

    private Pair pair(Transport transport) {
        NetConfig config = NetConfig.builder().clock(clock).build();
        Pair p = Pair.open(transport, config, config, "", "");
        open.add(p);
        return p;
    }

    /** Gives datagrams in flight real time to reach their socket, without moving the fake clock. */
    private static void pollForRealMillis(Pair p, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() - end < 0) {
            p.loop.pollNow();
            Thread.onSpinWait();
        }
    }

    private void advance(Pair p, Duration time) {
        for (long t = 0; t < time.toMillis(); t += 50) {
            clock.advance(Duration.ofMillis(50));
            pollForRealMillis(p, 1);
        }
    }

    private void advanceUntil(Pair p, java.util.function.BooleanSupplier done, Duration limit) {
        for (long t = 0; !done.getAsBoolean(); t += 50) {
            assertThat(t).as("reached within %s of fake time", limit).isLessThan(limit.toMillis());
            clock.advance(Duration.ofMillis(50));
            pollForRealMillis(p, 1);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
