package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Client;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clients of the connect storm. KryoNet's {@code connect} blocks until its handshake is done,
 * so starting every connect at once takes a thread per connect. Before the clock starts, every
 * {@code Client} is created with its update thread running, and every connecting thread waits at a
 * gate; the clock runs from opening the gate to the {@code connected} callback that makes all of
 * them connected at once. Neither kind of thread would exist in a real deployment of one client per
 * process, so creating them is not counted.
 *
 * <p>A connect that times out is retried, as a game would, until {@code limitSeconds}; any other
 * failure fails the run. Timeouts do happen: KryoNet's server listens with Java's default backlog
 * of 50, a storm overflows it, and Linux then completes some handshakes with SYN cookies that the
 * server drops. The client believes it is connected but, KryoNet's server speaking first ({@code
 * RegisterTCP}), waits for the whole timeout. {@code connectTimeout} (ms, default 5000 as in
 * KryoNet's README) sets that wait; the result adds {@code retries}.
 */
final class StormClients {
    private StormClients() {}

    /** What the connecting threads report to the main thread. */
    private static final class Attempts {
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<IOException> lastFailure = new AtomicReference<>();
    }

    static Result run(Params p) throws Exception {
        int clients = (int) p.number("clients", 1000);
        int port = p.port();
        int timeout = (int) p.number("connectTimeout", 5000);
        Limit limit = Limit.of(p);
        Roster roster = new Roster(clients);
        Crowd crowd = new Crowd();
        CountDownLatch gate = new CountDownLatch(1);
        Attempts attempts = new Attempts();
        try {
            for (int i = 0; i < clients; i++) {
                Client client = crowd.add(roster);
                Thread connector =
                        new Thread(() -> connect(client, port, timeout, gate, limit, attempts), "connect-" + i);
                connector.setDaemon(true);
                connector.start();
            }
            long start = System.nanoTime();
            gate.countDown();
            while (!roster.wasFull() && attempts.failed.get() == 0 && limit.remains()) {
                Thread.sleep(1); // the roster time-stamps the connect that fills it
            }
            if (!roster.wasFull()) {
                throw new IllegalStateException("only " + roster.present() + " of " + clients
                        + " clients connected within limitSeconds (" + attempts.retries.get() + " retries, "
                        + attempts.failed.get() + " failed; last failure: " + attempts.lastFailure.get() + ")");
            }
            return new Result()
                    .put("seconds", (roster.fullAt() - start) / 1e9)
                    .put("connections", roster.peak())
                    .put("retries", attempts.retries.get());
        } finally {
            crowd.stopAll();
        }
    }

    /** Connects one client once the gate opens, retrying timed-out attempts until the limit. */
    private static void connect(Client client, int port, int timeout, CountDownLatch gate, Limit limit, Attempts a) {
        try {
            gate.await();
            while (true) {
                try {
                    client.connect((int) Math.min(timeout, limit.remainingMillis()), Network.HOST, port);
                    return;
                } catch (IOException e) {
                    a.lastFailure.set(e);
                    if (!timedOut(e) || !limit.remains()) {
                        a.failed.incrementAndGet(); // refused or out of time: the run fails
                        return;
                    }
                    a.retries.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** KryoNet throws a timeout itself, or wraps the socket's in "Unable to connect". */
    private static boolean timedOut(IOException e) {
        return e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException;
    }
}
