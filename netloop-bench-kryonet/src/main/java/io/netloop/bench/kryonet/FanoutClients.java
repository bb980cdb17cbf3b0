package io.netloop.bench.kryonet;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;

/**
 * The clients of the fan-out: {@code clients} KryoNet {@code Client}s, each with its own update
 * thread, connected one after another ({@code connect} blocks until KryoNet's registration
 * handshake is done), counting the {@code byte[]} messages they receive until the host has closed
 * them all, or {@code seconds + 10} after they all connected.
 */
final class FanoutClients {
    private FanoutClients() {}

    static Result run(Params p) throws Exception {
        int clients = (int) p.number("clients", 500);
        int port = p.port();
        long hz = p.number("hz", 20);
        long seconds = p.number("seconds", 10);
        Limit limit = Limit.of(p);
        Roster roster = new Roster(clients);
        Crowd crowd = new Crowd();
        try {
            for (int i = 0; i < clients; i++) {
                if (!limit.remains()) {
                    throw limit.exceeded("only " + i + " of " + clients + " clients connected");
                }
                crowd.add(roster).connect((int) Math.min(10_000, limit.remainingMillis()), Network.HOST, port);
            }
            if (!roster.awaitFull(limit)) {
                throw limit.exceeded("only " + roster.present() + " of " + clients + " clients connected");
            }
            long until = limit.min(System.nanoTime() + (seconds + 10) * 1_000_000_000L);
            while (roster.present() > 0 && System.nanoTime() - until < 0) {
                Thread.sleep(20);
            }
            long delivered = roster.delivered();
            return new Result()
                    .put("delivered", delivered)
                    .put("deliveredPerSecond", (double) delivered / seconds)
                    .put("missed", hz * seconds * clients - delivered);
        } finally {
            crowd.stopAll();
        }
    }
}
