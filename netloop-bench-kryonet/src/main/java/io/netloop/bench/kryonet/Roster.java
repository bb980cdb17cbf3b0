package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Connection;
import com.esotericsoftware.kryonet.Listener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who came and went, and what arrived, for the many-connection scenarios on either side. One
 * instance listens to every connection; KryoNet calls it on the update threads (the server's, or
 * each client's own), so its counts are thread-safe and the main thread reads them.
 *
 * <p>The roster is full when the expected number of connections are connected at the same time:
 * counting {@code connected} calls alone would over-count, since a client whose connect timed out
 * just as KryoNet registered it is connected, closed and connected again.
 */
final class Roster extends Listener {
    private final int expected;
    private final CountDownLatch full = new CountDownLatch(1);
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger left = new AtomicInteger();
    private final AtomicInteger present = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private volatile long firstJoinAt;
    private volatile long fullAt;

    /**
     * @param expected how many connections at once make the roster full
     */
    Roster(int expected) {
        this.expected = expected;
    }

    @Override
    public void connected(Connection connection) {
        long now = System.nanoTime();
        if (joined.getAndIncrement() == 0) {
            firstJoinAt = now;
        }
        int n = present.incrementAndGet();
        peak.accumulateAndGet(n, Math::max);
        if (n == expected && full.getCount() > 0) {
            fullAt = now;
            full.countDown();
        }
    }

    @Override
    public void disconnected(Connection connection) {
        left.incrementAndGet();
        present.decrementAndGet();
    }

    @Override
    public void received(Connection connection, Object object) {
        if (object instanceof byte[]) {
            delivered.increment(); // not KryoNet's keep-alives
        }
    }

    /**
     * Waits until the roster is full.
     *
     * @param limit when to give up
     * @return whether it filled in time
     * @throws InterruptedException if interrupted
     */
    boolean awaitFull(Limit limit) throws InterruptedException {
        return full.await(limit.remainingMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Whether the roster has been full.
     *
     * @return true once the expected number were connected at once
     */
    boolean wasFull() {
        return full.getCount() == 0;
    }

    /**
     * When the roster became full.
     *
     * @return on the {@link System#nanoTime()} clock
     */
    long fullAt() {
        return fullAt;
    }

    /**
     * When the first connection connected.
     *
     * @return on the {@link System#nanoTime()} clock
     */
    long firstJoinAt() {
        return firstJoinAt;
    }

    /**
     * {@code connected} calls so far, counting a connection that came back twice.
     *
     * @return the count
     */
    int joined() {
        return joined.get();
    }

    /**
     * {@code disconnected} calls so far.
     *
     * @return the count
     */
    int left() {
        return left.get();
    }

    /**
     * Connections connected now.
     *
     * @return the count
     */
    int present() {
        return present.get();
    }

    /**
     * The most connections connected at one time.
     *
     * @return the count
     */
    int peak() {
        return peak.get();
    }

    /**
     * {@code byte[]} messages received on all connections.
     *
     * @return the count
     */
    long delivered() {
        return delivered.sum();
    }
}
