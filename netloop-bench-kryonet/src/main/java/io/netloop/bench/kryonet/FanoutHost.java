package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Server;
import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.util.concurrent.locks.LockSupport;

/**
 * The host of the fan-out: a {@link Server} with KryoNet's default buffers (16 KiB write buffer and
 * 2 KiB object buffer per connection, ample for 64 bytes at 20 Hz), its update thread accepting
 * and reading, and the main thread, as a game loop would, calling {@code sendToAllTCP} on every
 * tick. KryoNet serializes the message once per connection and, the write buffer being empty,
 * writes it to that connection's socket on the calling thread.
 */
final class FanoutHost {
    private FanoutHost() {}

    static Result run(Params p) throws Exception {
        int clients = (int) p.number("clients", 500);
        long hz = p.number("hz", 20);
        long seconds = p.number("seconds", 10);
        byte[] state = new byte[(int) p.number("size", 64)];
        Limit limit = Limit.of(p);
        Server server = new Server();
        try {
            Roster roster = new Roster(clients);
            int port = Network.serve(server, roster);
            long heapBefore = Measure.heapAfterGc();
            long rssBefore = Measure.rssBytes();
            KryoNetPeer.announce(port);
            if (!roster.awaitFull(limit)) {
                throw limit.exceeded("only " + roster.present() + " of " + clients + " clients connected");
            }
            double heapPer = (double) (Measure.heapAfterGc() - heapBefore) / clients;
            long rssAfter = Measure.rssBytes();
            double rssPer = rssBefore < 0 || rssAfter < 0 ? -1 : (double) (rssAfter - rssBefore) / clients;
            long cpuBefore = Measure.processCpuNanos();
            long sent = broadcast(server, state, hz * seconds, 1_000_000_000L / hz, limit);
            double cpuSeconds = (Measure.processCpuNanos() - cpuBefore) / 1e9;
            drain(server, limit);
            server.stop();
            if (sent < hz * seconds * clients) {
                System.err.println("connections closed during the broadcasts: " + sent + " messages sent of "
                        + hz * seconds * clients);
            }
            return new Result()
                    .put("hostCpuSeconds", cpuSeconds)
                    .put("heapPerConnectionBytes", heapPer)
                    .put("rssPerConnectionBytes", rssPer)
                    .put("sent", sent);
        } finally {
            server.stop();
        }
    }

    /** Broadcasts {@code ticks} times at a fixed rate; returns the messages handed to KryoNet. */
    private static long broadcast(Server server, byte[] state, long ticks, long periodNanos, Limit limit) {
        long sent = 0;
        long next = System.nanoTime();
        for (long tick = 0; tick < ticks && limit.remains(); tick++) {
            state[0] = (byte) tick;
            sent += server.getConnections().length;
            server.sendToAllTCP(state);
            next += periodNanos;
            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
        return sent;
    }

    /** Waits, at most 2 s, until KryoNet has written every queued byte, so that closing loses none. */
    private static void drain(Server server, Limit limit) throws InterruptedException {
        long until = limit.min(System.nanoTime() + 2_000_000_000L);
        while (System.nanoTime() - until < 0) {
            boolean empty = true;
            for (Connection c : server.getConnections()) {
                empty &= c.getTcpWriteBufferSize() == 0;
            }
            if (empty) {
                return;
            }
            Thread.sleep(5);
        }
    }
}
