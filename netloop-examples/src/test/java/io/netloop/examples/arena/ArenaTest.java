package io.netloop.examples.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.examples.arena.Protocol.Command;
import io.netloop.examples.arena.Protocol.Ship;
import io.netloop.testkit.LinkProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The arena over udp://127.0.0.1 with the server's fixed tick. "A bad network" is the client's
 * {@code sim.latency=50ms&sim.loss=0.05}: its net delays and drops what it sends and what it
 * receives, so about 100 ms more round trip and 5% loss each way.
 */
@Timeout(30)
class ArenaTest {
    private static final String BAD_NETWORK = "?sim.latency=50ms&sim.loss=0.05&sim.seed=";

    private final List<Net> nets = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private Net serverNet;
    private ArenaServer server;

    @AfterEach
    void close() {
        nets.forEach(Net::close);
    }

    @Test
    void physicsIsDeterministicStopsAtWallsAndKeepsItsTopSpeed() {
        double[] a = Physics.step(100, 100, Physics.RIGHT | Physics.DOWN);
        assertThat(Physics.step(100, 100, Physics.RIGHT | Physics.DOWN)).isEqualTo(a);
        assertThat(Math.hypot(a[0] - 100, a[1] - 100)).isCloseTo(Physics.SPEED / Physics.TICK_RATE, within(1e-9));
        double[] at = {100, 200};
        for (int i = 0; i < 100; i++) {
            at = Physics.step(at[0], at[1], Physics.RIGHT); // into the wall at x = 180
        }
        assertThat(at[0]).isLessThanOrEqualTo(180 - Physics.RADIUS).isGreaterThan(180 - Physics.RADIUS - 7);
        assertThat(Physics.blocked(at[0], at[1])).isFalse();
        assertThat(Physics.step(Physics.RADIUS, 300, Physics.LEFT)[0])
                .as("the arena's edge")
                .isEqualTo(Physics.RADIUS);
    }

    /**
     * Tolerances: while moving, reconciliation never moves the predicted ship by more than 1 unit
     * (a sixth of one tick's movement); within 500 ms of stopping, the predicted and the server's
     * position are equal to 0.01 units.
     */
    @Test
    void aPredictedShipConvergesToTheServersPositionUnderLatencyAndLoss() {
        startServer();
        ArenaClient client = new ArenaClient(net(), serverUri() + BAD_NETWORK + 11, "pilot");
        int[] keys = {0};
        run(Duration.ofSeconds(5), now -> client.update(now, keys[0], 0, false), () -> client.onServer() != null);
        float[] start = client.position();
        long began = System.nanoTime();
        run(
                Duration.ofMillis(2_700),
                now -> {
                    double t = (now - began) / 1e9;
                    keys[0] = t < 1.0 ? Physics.LEFT : t < 1.6 ? Physics.DOWN | Physics.LEFT : t < 2.2 ? Physics.UP : 0;
                    client.update(now, keys[0], 0, false);
                },
                ALL_THE_TIME);

        Ship truth = server.ship(client.id());
        float[] predicted = client.position();
        assertThat(Math.hypot(truth.x() - start[0], truth.y() - start[1]))
                .as("it moved")
                .isGreaterThan(150);
        assertThat(client.largestCorrection())
                .as("the largest correction while moving")
                .isLessThanOrEqualTo(1.0);
        assertThat((double) predicted[0]).as("x").isCloseTo(truth.x(), within(0.01));
        assertThat((double) predicted[1]).as("y").isCloseTo(truth.y(), within(0.01));
        assertThat(client.server().stats().packetsLost())
                .as("the network did lose packets")
                .isPositive();
    }

    /**
     * Another ship is drawn where the server had it about 100 ms earlier, within one tick's
     * movement (6 units), and between two frames it never jumps more than its speed allows.
     */
    @Test
    void otherShipsAreDrawnAHundredMillisecondsBehindAndSmoothly() {
        startServer();
        ArenaClient mover = new ArenaClient(net(), serverUri(), "mover");
        ArenaClient watcher = new ArenaClient(net(), serverUri() + BAD_NETWORK + 12, "watcher");
        Map<Integer, Ship> history = new HashMap<>();
        run(
                Duration.ofSeconds(5),
                now -> {
                    mover.update(now, 0, 0, false);
                    watcher.update(now, 0, 0, false);
                },
                () -> mover.onServer() != null
                        && watcher.onServer() != null
                        && watcher.others(System.nanoTime()).size() == 1);

        long began = System.nanoTime();
        double[] worst = {0, 0, Double.MAX_VALUE, 0}; // position error, jump, least and most delay in ticks
        float[] last = null;
        long lastAt = 0;
        long end = began + 2_500_000_000L;
        while (System.nanoTime() - end < 0) {
            long now = System.nanoTime();
            serverNet.poll(Duration.ofMillis(1));
            server.update(now);
            history.put(server.tick(), server.ship(mover.id()));
            int keys = ((now - began) / 700_000_000L) % 2 == 0 ? Physics.RIGHT : Physics.LEFT;
            mover.update(now, keys, 0, false);
            watcher.update(now, 0, 0, false);
            if (now - began < 500_000_000L) {
                continue; // the watcher learns the server's clock first
            }
            Ship drawn = watcher.others(now).get(0);
            double tick = watcher.renderTick(now);
            Ship a = history.get((int) Math.floor(tick));
            Ship b = history.get((int) Math.floor(tick) + 1);
            if (a != null && b != null) {
                double f = tick - Math.floor(tick);
                double x = a.x() + (b.x() - a.x()) * f;
                worst[0] = Math.max(worst[0], Math.abs(drawn.x() - x));
            }
            worst[2] = Math.min(worst[2], server.tick() - tick);
            worst[3] = Math.max(worst[3], server.tick() - tick);
            if (last != null && now - lastAt > 10_000_000) {
                double allowed = Physics.SPEED * (now - lastAt) / 1e9 * 1.5 + 1;
                worst[1] = Math.max(worst[1], Math.abs(drawn.x() - last[0]) / allowed);
                last = null;
            }
            if (last == null) {
                last = new float[] {drawn.x(), drawn.y()};
                lastAt = now;
            }
        }
        assertThat(worst[0]).as("error against the server's history, units").isLessThanOrEqualTo(6.1);
        assertThat(worst[1])
                .as("largest jump between frames, as a share of what the speed allows")
                .isLessThanOrEqualTo(1);
        assertThat(worst[2]).as("least delay, ticks").isGreaterThanOrEqualTo(Interpolator.DELAY_TICKS);
        assertThat(worst[3])
                .as("most delay, ticks (3 + the 50 ms of simulated latency + jitter)")
                .isLessThan(7);
    }

    @Test
    void aModifiedClientMovesNoFasterFiresNoMoreOftenAndGarbageEndsOnlyIt() {
        startServer();
        ArenaClient honest = new ArenaClient(net(), serverUri(), "honest");
        Net cheatNet = net();
        Peer cheat = cheatNet.connect(serverUri());
        int[] id = {0};
        run(
                Duration.ofSeconds(5),
                now -> {
                    honest.update(now, 0, 0, false);
                    for (NetEvent e : cheatNet.poll()) {
                        if (e.type() == NetEvent.Type.CONNECTED) {
                            Protocol.CODEC.send(cheat, Protocol.EVENTS, new Protocol.Hello("cheat"), Delivery.RELIABLE);
                        } else if (e.type() == NetEvent.Type.DATA
                                && Protocol.CODEC.decode(e) instanceof Protocol.Welcome w) {
                            id[0] = w.id();
                        }
                    }
                },
                () -> id[0] != 0 && honest.onServer() != null);
        Ship start = server.ship(id[0]);
        int shotsBefore = server.shots();
        int[] sequence = {0};
        long began = System.nanoTime();
        run(
                Duration.ofMillis(1_500),
                now -> {
                    honest.update(now, 0, 0, false);
                    cheatNet.poll();
                    List<Command> burst = new ArrayList<>();
                    for (int i = 0; i < 4; i++) { // four commands every loop, far more than one a tick
                        burst.add(new Command(++sequence[0], Physics.UP, (float) -Math.PI / 2, true));
                    }
                    Protocol.CODEC.send(cheat, Protocol.INPUT, new Protocol.Inputs(burst), Delivery.UNRELIABLE);
                },
                ALL_THE_TIME);
        double seconds = (System.nanoTime() - began) / 1e9;

        Ship after = server.ship(id[0]);
        double allowed = Physics.SPEED * (seconds + Protocol.REDUNDANCY / (double) Physics.TICK_RATE);
        assertThat((double) start.y() - after.y())
                .as("distance in %.2f s: it moves, but no faster than real time allows", seconds)
                .isGreaterThan(Physics.SPEED * seconds / 2)
                .isLessThanOrEqualTo(allowed);
        assertThat(server.shots() - shotsBefore)
                .as("shots in %.2f s", seconds)
                .isLessThanOrEqualTo((int) (seconds * 4) + 1);

        cheat.send(Protocol.INPUT, new byte[] {(byte) 0xC1, 7}, Delivery.RELIABLE);
        run(
                Duration.ofSeconds(5),
                now -> {
                    honest.update(now, 0, 0, false);
                    cheatNet.poll();
                },
                () -> server.ship(id[0]) == null);
        assertThat(log).anyMatch(l -> l.startsWith("closing") && l.contains("Cannot decode"));
        assertThat(server.ship(honest.id())).as("the honest player stays").isNotNull();
    }

    @Test
    void botsFightAndEveryHitAndScoreArrivesExactlyOnceOverALossyLink() {
        startServer();
        List<ArenaBot> bots = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            bots.add(new ArenaBot(net(), serverUri() + BAD_NETWORK + i, "bot" + i, i));
        }
        run(Duration.ofSeconds(5), now -> bots.forEach(b -> b.update(now)), () -> bots.stream()
                .allMatch(
                        b -> b.client().onServer() != null && b.client().names().size() == 3));
        int shotsBefore = server.shots();
        int[] heardBefore = bots.stream().mapToInt(b -> b.client().shotsHeard()).toArray();
        run(Duration.ofSeconds(4), now -> bots.forEach(b -> b.update(now)), ALL_THE_TIME);
        run(Duration.ofSeconds(5), now -> bots.forEach(b -> b.client().update(now, 0, 0, false)), () -> bots.stream()
                .allMatch(b -> b.client().scores().equals(server.scores())
                        && b.client().shotsHeard() - heardBefore[bots.indexOf(b)] == server.shots() - shotsBefore));

        assertThat(server.shots() - shotsBefore).as("shots fired").isPositive();
        assertThat(server.scores().values().stream()
                        .mapToInt(Protocol.Score::kills)
                        .sum())
                .as("kills")
                .isPositive();
        for (ArenaBot b : bots) {
            assertThat(b.client().scores()).isEqualTo(server.scores());
            assertThat(b.client().shotsHeard() - heardBefore[bots.indexOf(b)]).isEqualTo(server.shots() - shotsBefore);
        }
        assertThat(server.scores()).as("nobody was disconnected").hasSize(3);
    }

    @Test
    void aClientWhoseSessionTheServerForgotJoinsAgainAsANewShip() {
        Duration timeout = Duration.ofMillis(300);
        serverNet = Net.open(
                Protocol.configBuilder().timeout(timeout).resumeWindow(timeout).build());
        nets.add(serverNet);
        server = new ArenaServer(serverNet, "udp://127.0.0.1:0", log::add);
        try (LinkProxy proxy = LinkProxy.udp(server.host().localAddress())) {
            Net clientNet = Net.open(Protocol.configBuilder()
                    .timeout(timeout)
                    .keepAliveInterval(Duration.ofMillis(100))
                    .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
                    .build());
            nets.add(clientNet);
            ArenaClient client = new ArenaClient(clientNet, proxy.uri(), "pilot");
            LongConsumer frame = now -> {
                proxy.pump();
                client.update(now, Physics.RIGHT, 0, false);
            };
            run(Duration.ofSeconds(5), frame, () -> client.onServer() != null);
            int first = client.id();
            proxy.blackHole();
            run(Duration.ofSeconds(5), frame, () -> server.ship(first) == null);
            proxy.heal();
            run(
                    Duration.ofSeconds(5),
                    frame,
                    () -> client.id() != 0 && client.id() != first && client.onServer() != null);
            assertThat(server.ship(client.id())).isNotNull();
            assertThat(client.closed()).isNull();
        }
    }

    // ---- helpers ----

    private void startServer() {
        serverNet = net();
        server = new ArenaServer(serverNet, "udp://127.0.0.1:0", log::add);
    }

    private String serverUri() {
        return "udp://127.0.0.1:" + server.host().port();
    }

    private Net net() {
        Net net = Net.open(Protocol.config());
        nets.add(net);
        return net;
    }

    /** Runs the server and the clients for the whole time given, rather than until something happens. */
    private static final BooleanSupplier ALL_THE_TIME = () -> false;

    /** Runs the server and {@code clients} until {@code done}, failing after {@code time}; or for {@code time}. */
    private void run(Duration time, LongConsumer clients, BooleanSupplier done) {
        long end = System.nanoTime() + time.toNanos();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - end > 0) {
                assertThat(done == ALL_THE_TIME)
                        .as("reached within %s; server log %s", time, log)
                        .isTrue();
                return;
            }
            serverNet.poll(Duration.ofMillis(1));
            server.update(now);
            clients.accept(now);
        }
    }
}
