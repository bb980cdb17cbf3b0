package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import com.esotericsoftware.kryonet.Server;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One client streams {@code byte[]} messages to a server in this JVM. Three threads: the main
 * thread sends, the client's update thread writes what the socket did not take at once, and the
 * server's update thread reads and counts in {@link Listener#received}.
 *
 * <p>{@code sendTCP} writes to the socket at once when nothing is queued, else appends to the
 * client's write buffer, which the update thread drains; a send that overflows that buffer closes
 * the connection. So the sender respects KryoNet's backpressure by yielding while more than half
 * of the write buffer is queued ({@code getTcpWriteBufferSize()}).
 *
 * <p>Arguments besides the contract's: {@code writeBuffer} (the client's, bytes, default 64 KiB)
 * and {@code objectBuffer} (both ends, bytes, default 2 KiB; on TCP this is also the size of each
 * socket read).
 */
final class Throughput {
    private Throughput() {}

    /** Counts messages on the server's update thread and opens a latch at the last one. */
    private static final class Counter extends Listener {
        private final long expected;
        private final CountDownLatch done = new CountDownLatch(1);
        private long counted;
        private volatile long countedPublished;
        private volatile long lastAt;

        Counter(long expected) {
            this.expected = expected;
        }

        @Override
        public void received(Connection connection, Object object) {
            if (!(object instanceof byte[])) {
                return; // KryoNet's keep-alive
            }
            long n = ++counted;
            if ((n & 1023) == 0) {
                countedPublished = n; // for the failure message only
            }
            if (n == expected) {
                lastAt = System.nanoTime();
                countedPublished = n;
                done.countDown();
            }
        }
    }

    static Result run(Params p) throws Exception {
        long messages = p.number("messages", 2_000_000);
        byte[] message = new byte[(int) p.number("size", 32)];
        int writeBuffer = (int) p.number("writeBuffer", 64 * 1024);
        int objectBuffer = (int) p.number("objectBuffer", 2048);
        int threshold = writeBuffer / 2;
        Limit limit = Limit.of(p);
        Server server = new Server(16384, objectBuffer);
        Client client = new Client(writeBuffer, objectBuffer);
        try {
            Counter counter = new Counter(messages);
            int port = Network.serve(server, counter);
            Network.register(client);
            client.start();
            client.connect((int) Math.min(10_000, limit.remainingMillis()), Network.HOST, port);
            long start = System.nanoTime();
            long sent = 0;
            long yields = 0;
            while (sent < messages && limit.remains()) {
                if (client.getTcpWriteBufferSize() > threshold && client.isConnected()) {
                    Thread.yield(); // the update thread is draining the buffer
                    yields++;
                    continue;
                }
                if (client.sendTCP(message) == 0) {
                    throw new IllegalStateException("KryoNet closed the connection after " + sent
                            + " messages (write buffer overflow or socket error; see the log above)");
                }
                sent++;
            }
            if (!counter.done.await(limit.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw limit.exceeded("the server counted " + counter.countedPublished + " of " + messages
                        + " messages (" + sent + " sent)");
            }
            double seconds = (counter.lastAt - start) / 1e9;
            return new Result()
                    .put("messagesPerSecond", messages / seconds)
                    .put("messages", messages)
                    .put("seconds", seconds)
                    .put("backpressureYields", yields);
        } finally {
            client.stop();
            server.stop();
        }
    }
}
