package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import com.esotericsoftware.kryonet.Server;
import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Ping-pong in this JVM, in KryoNet's callbacks: the server echoes each {@code byte[]} from its
 * {@link Listener#received} (on the server's update thread), and the client, in its own {@code
 * received} (on the client's update thread), records the round trip and sends the next ping. The
 * main thread sends the first ping and waits. Default buffers.
 */
final class Latency {
    private Latency() {}

    /** Echoes every message back to its sender. */
    private static final class Echo extends Listener {
        @Override
        public void received(Connection connection, Object object) {
            if (object instanceof byte[]) {
                connection.sendTCP(object);
            }
        }
    }

    /** Times each echo and sends the next ping, on the client's update thread. */
    private static final class Pinger extends Listener {
        private final long warmup;
        private final long total;
        private final byte[] ping;
        private final Histogram rtt = Measure.rttHistogram();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long sentAt;
        private volatile long echoes;

        Pinger(long warmup, long rounds, byte[] ping) {
            this.warmup = warmup;
            this.total = warmup + rounds;
            this.ping = ping;
        }

        void send(Connection connection) {
            sentAt = System.nanoTime();
            if (connection.sendTCP(ping) == 0) {
                done.countDown(); // the connection closed; the main thread reports the shortfall
            }
        }

        @Override
        public void received(Connection connection, Object object) {
            if (!(object instanceof byte[])) {
                return; // KryoNet's keep-alive
            }
            long now = System.nanoTime();
            long n = echoes + 1;
            echoes = n;
            if (n > warmup) {
                rtt.recordValue(Math.max(1_000, now - sentAt));
            }
            if (n >= total) {
                done.countDown();
            } else {
                send(connection);
            }
        }
    }

    static Result run(Params p) throws Exception {
        long rounds = p.number("rounds", 100_000);
        long warmup = p.number("warmup", 20_000);
        byte[] ping = new byte[(int) p.number("size", 32)];
        Limit limit = Limit.of(p);
        Server server = new Server();
        Client client = new Client();
        try {
            int port = Network.serve(server, new Echo());
            Network.register(client);
            Pinger pinger = new Pinger(warmup, rounds, ping);
            client.addListener(pinger);
            client.start();
            client.connect((int) Math.min(10_000, limit.remainingMillis()), Network.HOST, port);
            pinger.send(client);
            boolean finished = pinger.done.await(limit.remainingMillis(), TimeUnit.MILLISECONDS);
            if (!finished || pinger.echoes < warmup + rounds) {
                throw limit.exceeded("only " + pinger.echoes + " of " + (warmup + rounds) + " round trips"
                        + (client.isConnected() ? "" : " (the connection closed)"));
            }
            return Measure.percentiles(new Result(), pinger.rtt).put("rounds", rounds);
        } finally {
            client.stop();
            server.stop();
        }
    }
}
