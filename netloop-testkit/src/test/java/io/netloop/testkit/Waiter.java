package io.netloop.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for conditions the way a game loop would: each round pumps the proxy (or, once it runs its
 * own thread, only yields briefly) and then looks again. Every wait is bounded in real time.
 */
final class Waiter {
    /** The longest any one condition is waited for; far below the tests' own timeouts. */
    static final Duration LIMIT = Duration.ofSeconds(5);

    private final LinkProxy proxy;
    private final boolean started;

    Waiter(LinkProxy proxy, boolean started) {
        this.proxy = started ? proxy.start() : proxy;
        this.started = started;
    }

    /** One round of the loop. */
    void step() {
        if (!started) {
            proxy.pump();
        }
        LockSupport.parkNanos(started ? 500_000 : 50_000);
    }

    /** Steps until {@code done} holds; fails, naming {@code what}, after {@link #LIMIT}. */
    void until(String what, BooleanSupplier done) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("gave up after " + LIMIT + " waiting for " + what);
            }
            step();
        }
    }

    /** Steps, running {@code look} after each step, for {@code time}: to show nothing happens in it. */
    void during(Duration time, Runnable look) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() - end < 0) {
            step();
            look.run();
        }
    }
}
