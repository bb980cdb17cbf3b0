package io.netloop.bench;

import io.netloop.Delivery;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.PeerStats;
import io.netloop.SendResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bulk transfer over loopback, side by side: one client streams small messages to a host as fast
 * as the host takes them, over {@code tcp://} and {@code udp://}, and over {@code udp://} under
 * simulated loss. The host and the client each run their own {@link Net} on their own thread, as
 * two processes would. Prints a Markdown table of medians over several rounds.
 *
 * <pre>
 * mvn -q -pl netloop-bench -am compile exec:java -Dexec.args="--messages 2000000 --rounds 5"
 * </pre>
 */
public final class Bulk {
    /** One measured scenario. */
    record Scenario(String label, String scheme, String clientQuery, Delivery delivery) {}

    /**
     * What one round measured.
     *
     * @param seconds from the first send to the last message in
     * @param delivered messages the host received
     * @param sender the client's stats at the end
     */
    record Round(double seconds, long delivered, PeerStats sender) {}

    private Bulk() {}

    /**
     * Runs the scenarios and prints the table.
     *
     * @param args {@code --messages N} (default 1,000,000), {@code --size B} (default 32), {@code
     *     --rounds R} (default 5)
     * @throws InterruptedException if interrupted while waiting for the host's thread
     */
    public static void main(String[] args) throws InterruptedException {
        int messages = intArg(args, "--messages", 1_000_000);
        int size = intArg(args, "--size", 32);
        int rounds = intArg(args, "--rounds", 5);
        System.out.printf(
                "Bulk transfer of %,d messages of %d bytes, one client to one host on loopback, median of %d rounds%n%n",
                messages, size, rounds);
        System.out.println("| scenario | messages/s | MB/s | of tcp:// | datagrams lost | retransmissions |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double tcp = 0;
        for (Scenario s : scenarios()) {
            int n = s.clientQuery().contains("sim.loss=0.2") ? Math.max(1, messages / 10) : messages;
            List<Round> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                results.add(run(s, n, size, Duration.ofSeconds(60)));
            }
            double[] rates = results.stream()
                    .mapToDouble(x -> x.delivered / x.seconds)
                    .sorted()
                    .toArray();
            double median = rates[rates.length / 2];
            Round any = results.get(results.size() / 2);
            if (s.label().startsWith("tcp")) {
                tcp = median;
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.1f | %.2f | %d | %d |%n",
                    s.label(),
                    median,
                    median * size / 1e6,
                    tcp > 0 ? median / tcp : 0,
                    any.sender().packetsLost(),
                    any.sender().retransmissions());
        }
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("tcp:// RELIABLE", "tcp", "", Delivery.RELIABLE),
                new Scenario("udp:// RELIABLE", "udp", "", Delivery.RELIABLE),
                new Scenario("udp:// UNRELIABLE", "udp", "", Delivery.UNRELIABLE),
                new Scenario("udp:// RELIABLE, 1% loss", "udp", "?sim.loss=0.01&sim.seed=1", Delivery.RELIABLE),
                new Scenario("udp:// RELIABLE, 5% loss", "udp", "?sim.loss=0.05&sim.seed=1", Delivery.RELIABLE),
                new Scenario("udp:// RELIABLE, 20% loss", "udp", "?sim.loss=0.2&sim.seed=1", Delivery.RELIABLE));
    }

    /** One round: the host on a thread of its own, the client on this one. */
    static Round run(Scenario s, int messages, int size, Duration limit) throws InterruptedException {
        AtomicLong received = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        long deadline = System.nanoTime() + limit.toNanos();
        try (Net hostNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = hostNet.listen(s.scheme() + "://127.0.0.1:0", new Listener() {
                @Override
                public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
                    received.incrementAndGet();
                    lastAt.set(System.nanoTime());
                }
            });
            Peer peer = clientNet.connect(s.scheme() + "://127.0.0.1:" + host.port() + s.clientQuery());
            Thread hostThread = new Thread(
                    () -> {
                        while (received.get() < messages && System.nanoTime() < deadline && !stopped(peer)) {
                            hostNet.poll(Duration.ofMillis(1));
                        }
                    },
                    "bench-host");
            hostThread.start();
            while (!connected(clientNet) && System.nanoTime() < deadline) {
                // wait for CONNECTED
            }
            byte[] message = new byte[size];
            long sent = 0;
            long start = System.nanoTime();
            boolean lossy = !s.delivery().isReliable();
            while (received.get() < messages && System.nanoTime() < deadline && hostThread.isAlive()) {
                while (sent < messages || lossy) {
                    SendResult r = peer.send(0, message, s.delivery());
                    if (r == SendResult.BACKPRESSURED || r == SendResult.DROPPED) {
                        break;
                    }
                    sent++;
                }
                clientNet.poll();
                if (lossy && sent > 4L * messages) {
                    break; // lossy data that never arrives must not keep the round going
                }
            }
            PeerStats stats = peer.stats();
            hostThread.interrupt();
            hostThread.join();
            return new Round((lastAt.get() - start) / 1e9, Math.min(received.get(), messages), stats);
        }
    }

    private static boolean stopped(Peer peer) {
        return Thread.currentThread().isInterrupted();
    }

    private static boolean connected(Net net) {
        for (NetEvent e : net.poll(Duration.ofMillis(1))) {
            if (e.type() == NetEvent.Type.CONNECTED) {
                return true;
            }
            if (e.type() == NetEvent.Type.DISCONNECTED) {
                throw new IllegalStateException("could not connect: " + e.reason() + " " + e.detail());
            }
        }
        return false;
    }

    static int intArg(String[] args, String name, int fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : fallback;
    }
}
