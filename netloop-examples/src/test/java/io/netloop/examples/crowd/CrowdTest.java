package io.netloop.examples.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.examples.crowd.Protocol.Mover;
import io.netloop.examples.crowd.Protocol.View;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Interest management, the bandwidth budget and compact state alone, then 500 bots on one host. */
@Timeout(60)
class CrowdTest {
    private final List<Net> nets = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        nets.forEach(Net::close);
    }

    @Test
    void theGridFindsExactlyThePlayersWithinTheRadiusAlsoAfterTheyMove() {
        Random random = new Random(3);
        int n = 2_000;
        float[] x = new float[n];
        float[] y = new float[n];
        Grid grid = new Grid(CrowdServer.WORLD, CrowdServer.VIEW);
        int[] out = new int[n];
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) { // every round all move, most across cells
                x[i] = random.nextFloat() * CrowdServer.WORLD;
                y[i] = random.nextFloat() * CrowdServer.WORLD;
            }
            grid.rebuild(x, y, n);
            for (int self = 0; self < 200; self++) {
                Set<Integer> expected = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    float dx = x[i] - x[self];
                    float dy = y[i] - y[self];
                    if (i != self && dx * dx + dy * dy <= CrowdServer.VIEW * CrowdServer.VIEW) {
                        expected.add(i);
                    }
                }
                int found = grid.near(x[self], y[self], CrowdServer.VIEW, x, y, self, out);
                Set<Integer> got = new HashSet<>();
                Arrays.stream(out, 0, found).forEach(got::add);
                assertThat(got).as("round %d, player %d", round, self).isEqualTo(expected);
            }
        }
    }

    @Test
    void aViewNeverExceedsItsBudgetAndEveryNearbyPlayerIsSentInTurnTheNearestMoreOften() {
        Crowd crowd = new Crowd();
        for (int i = 0; i <= 300; i++) {
            crowd.join(null, 2048);
            double d = i == 0 ? 0 : 10 + 289.0 * i / 300; // player i at 10 to 299 units from player 0
            crowd.x[i] = (float) (1000 + d * Math.cos(i * 2.39996));
            crowd.y[i] = (float) (1000 + d * Math.sin(i * 2.39996));
        }
        Grid grid = new Grid(2048, 300);
        grid.rebuild(crowd.x, crowd.y, crowd.capacity());
        int[] near = new int[400];
        int found = grid.near(crowd.x[0], crowd.y[0], CrowdServer.VIEW, crowd.x, crowd.y, 0, near);
        assertThat(found).isEqualTo(300);
        Interest interest = new Interest();
        int budget = CrowdServer.DEFAULT_BUDGET / CrowdServer.TICK_RATE;
        int nearest = crowd.id[extreme(crowd, true)];
        int farthest = crowd.id[extreme(crowd, false)];
        Set<Integer> sent = new HashSet<>();
        int allSentBy = 0;
        int[] times = new int[2];
        for (int tick = 1; tick <= 100; tick++) {
            List<Mover> movers = interest.pick(near, found, crowd, 0, budget, CrowdServer.VIEW);
            byte[] encoded = Protocol.CODEC.encode(new View(1_000_000, 65_535, 65_535, movers));
            assertThat(encoded.length).as("tick %d", tick).isLessThanOrEqualTo(budget);
            assertThat(movers.size()).as("the budget holds some back").isBetween(1, 299);
            movers.forEach(m -> sent.add(m.id()));
            allSentBy = allSentBy == 0 && sent.size() == 300 ? tick : allSentBy;
            times[0] += movers.stream().anyMatch(m -> m.id() == nearest) ? 1 : 0;
            times[1] += movers.stream().anyMatch(m -> m.id() == farthest) ? 1 : 0;
        }
        assertThat(allSentBy).as("the tick by which every player was sent").isBetween(2, 40);
        assertThat(times[0])
                .as("the nearest is sent more often than the farthest (%d)", times[1])
                .isGreaterThan(2 * times[1]);
        assertThat(times[1]).as("the farthest is sent too").isPositive();
    }

    @Test
    void positionsSurviveQuantizationWithinHalfAUnit() {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            float sx = random.nextFloat() * (CrowdServer.WORLD - 1);
            float sy = random.nextFloat() * (CrowdServer.WORLD - 1);
            float ox = sx + (random.nextFloat() * 2 - 1) * CrowdServer.VIEW;
            float oy = sy + (random.nextFloat() * 2 - 1) * CrowdServer.VIEW;
            int qx = Math.round(sx * Protocol.SUBUNITS);
            Mover m = new Mover(1, Math.round(ox - sx), Math.round(oy - sy), 0);
            View back = Protocol.CODEC.decode(
                    Protocol.CODEC.encode(new View(1, qx, Math.round(sy * Protocol.SUBUNITS), List.of(m))), View.class);
            float seenX =
                    (float) back.x() / Protocol.SUBUNITS + back.movers().get(0).dx();
            assertThat(Math.abs((float) back.x() / Protocol.SUBUNITS - sx))
                    .isLessThanOrEqualTo(0.5f / Protocol.SUBUNITS);
            assertThat(Math.abs(seenX - ox)).isLessThanOrEqualTo(0.5f + 1f / Protocol.SUBUNITS);
        }
        assertThat(Interest.size(new Mover(300, -120, 45, 200)))
                .isEqualTo(Protocol.CODEC.encode(new View(0, 0, 0, List.of(new Mover(300, -120, 45, 200)))).length - 6);
    }

    @Test
    void oneHostServesFiveHundredBotsAndEachKeepsReceivingViews() {
        Net hostNet = net();
        CrowdServer server = new CrowdServer(hostNet, "udp://127.0.0.1:0", CrowdServer.DEFAULT_BUDGET, log::add);
        CrowdSwarm swarm =
                new CrowdSwarm(net(), "udp://127.0.0.1:" + server.host().port(), 500, 9);
        List<CrowdClient> bots = swarm.bots();
        run(hostNet, server, swarm, Duration.ofSeconds(25), () -> bots.stream().allMatch(b -> b.views() > 0));
        server.report(System.nanoTime());
        long[] viewsBefore = bots.stream().mapToLong(CrowdClient::views).toArray();
        long[] bytesBefore =
                bots.stream().mapToLong(b -> b.server().stats().bytesReceived()).toArray();
        long began = System.nanoTime();
        run(hostNet, server, swarm, Duration.ofSeconds(3), ALL_THE_TIME);
        double seconds = (System.nanoTime() - began) / 1e9;
        CrowdStats.Report report = server.report(System.nanoTime());

        int sawSomeone = 0;
        for (int i = 0; i < bots.size(); i++) {
            CrowdClient b = bots.get(i);
            assertThat(b.closed()).as("bot %d", i).isNull();
            assertThat((b.views() - viewsBefore[i]) / seconds)
                    .as("views a second, bot %d", i)
                    .isGreaterThan(10);
            assertThat(System.nanoTime() - b.lastViewNanos())
                    .as("bot %d heard lately", i)
                    .isLessThan(500_000_000L);
            double wire = (b.server().stats().bytesReceived() - bytesBefore[i]) / seconds;
            assertThat(wire).as("bytes a second on the wire, bot %d", i).isLessThan(CrowdServer.DEFAULT_BUDGET * 1.25);
            sawSomeone += b.seen().isEmpty() ? 0 : 1;
        }
        assertThat(sawSomeone).as("bots that see other players").isGreaterThan(450);
        assertThat(report.players()).isEqualTo(500);
        System.out.println("500 bots: " + report);
    }

    @Test
    void aClientSendingGarbageIsClosedAndTheOthersGoOn() {
        Net hostNet = net();
        CrowdServer server = new CrowdServer(hostNet, "udp://127.0.0.1:0", CrowdServer.DEFAULT_BUDGET, log::add);
        String uri = "udp://127.0.0.1:" + server.host().port();
        CrowdSwarm swarm = new CrowdSwarm(net(), uri, 5, 1);
        Net hostileNet = net();
        Peer hostile = hostileNet.connect(uri);
        List<NetEvent> events = new ArrayList<>();
        run(hostNet, server, swarm, Duration.ofSeconds(5), () -> {
            events.addAll(hostileNet.poll());
            return swarm.bots().stream().allMatch(b -> b.views() > 0) && !events.isEmpty();
        });
        hostile.send(Protocol.INPUT, new byte[] {(byte) 0xC1}, Delivery.RELIABLE);
        run(hostNet, server, swarm, Duration.ofSeconds(5), () -> {
            events.addAll(hostileNet.poll());
            return events.stream().anyMatch(e -> e.type() == NetEvent.Type.DISCONNECTED);
        });
        long[] before = swarm.bots().stream().mapToLong(CrowdClient::views).toArray();
        run(hostNet, server, swarm, Duration.ofSeconds(5), () -> swarm.bots().stream()
                .allMatch(b -> b.views() > before[swarm.bots().indexOf(b)] + 5));
        assertThat(log).anyMatch(l -> l.startsWith("closing") && l.contains("Cannot decode"));
    }

    /** The slot nearest to slot 0, or the farthest from it. */
    private static int extreme(Crowd crowd, boolean nearest) {
        int best = -1;
        double d = nearest ? Double.MAX_VALUE : -1;
        for (int s = 1; s < crowd.capacity(); s++) {
            double e = Math.hypot(crowd.x[s] - crowd.x[0], crowd.y[s] - crowd.y[0]);
            if (nearest ? e < d : e > d) {
                d = e;
                best = s;
            }
        }
        return best;
    }

    private Net net() {
        Net net = Net.open(Protocol.config());
        nets.add(net);
        return net;
    }

    /** Runs for the whole time given, rather than until something happens. */
    private static final java.util.function.BooleanSupplier ALL_THE_TIME = () -> false;

    /** Runs host and swarm in one loop until {@code done}, failing after {@code limit}; with {@code () -> false}, for {@code limit}. */
    private void run(
            Net hostNet,
            CrowdServer server,
            CrowdSwarm swarm,
            Duration limit,
            java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - end > 0) {
                assertThat(done == ALL_THE_TIME)
                        .as("within %s; host log %s", limit, log)
                        .isTrue();
                return;
            }
            hostNet.poll(Duration.ofMillis(1));
            server.update(now);
            swarm.update(now);
        }
    }
}
