package io.netloop.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Drives a {@link Relay} behind {@link LinkProxy}: the lock that guards it, its selector and, once
 * started, its one thread. The lock is never held while the thread waits in select, so control
 * calls never wait for traffic; they wake the selector instead.
 */
final class RelayDriver {
    /** The longest the started thread waits in select before it looks again, in ms. */
    private static final long MAX_WAIT_MILLIS = 10;

    private final Object lock = new Object();
    private final Selector selector;
    private final Relay relay;
    private Thread thread; // guarded by lock
    private boolean closed; // guarded by lock

    RelayDriver(Selector selector, Relay relay) {
        this.selector = selector;
        this.relay = relay;
    }

    void pump() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (thread != null) {
                throw new IllegalStateException("pump() on a proxy that runs its own thread since start();"
                        + " call either start() once or pump() from the test's loop, not both");
            }
            selectNow();
            work();
        }
    }

    void start(String threadName) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("start() on a closed proxy; open a new one");
            }
            if (thread != null) {
                throw new IllegalStateException("start() called twice; one thread runs the proxy until close()");
            }
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Applies a fault at once, under the lock; does nothing once closed. */
    void control(Consumer<Relay> change) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            change.accept(relay);
            if (relay.closedRegistered) {
                selector.wakeup(); // lets a started thread leave select, so that flush() can select
                flush();
            }
        }
        selector.wakeup(); // the started thread applies the change at once
    }

    /** Reads a counter under the lock. */
    long count(ToLongFunction<Relay> counter) {
        synchronized (lock) {
            return counter.applyAsLong(relay);
        }
    }

    void close() {
        Thread running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        selector.wakeup();
        if (running != null && running != Thread.currentThread()) {
            joinUninterruptibly(running);
        }
        synchronized (lock) {
            relay.close();
            try {
                selector.close(); // deregisters the channels, which really closes their sockets
            } catch (IOException e) {
                // Nothing left to release.
            }
        }
    }

    private void run() {
        while (true) {
            long waitMillis;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                waitMillis = waitMillis(System.nanoTime());
            }
            try {
                selector.select(waitMillis); // without the lock, so that control calls never wait
            } catch (IOException e) {
                throw new UncheckedIOException("the proxy's selector failed", e);
            }
            synchronized (lock) {
                if (closed) {
                    return;
                }
                work();
            }
        }
    }

    /** Runs with the lock held. */
    private void work() {
        selector.selectedKeys().clear(); // the relays look at every socket; readiness only wakes us
        relay.work(System.nanoTime());
        flush();
    }

    /**
     * Makes closes final: the socket of a registered channel only closes at the next select. The
     * selected keys are left alone: a started thread may be entering select, and only it clears them.
     */
    private void flush() {
        if (relay.closedRegistered) {
            relay.closedRegistered = false;
            selectNow();
        }
    }

    private void selectNow() {
        try {
            selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy's selector failed", e);
        }
    }

    private long waitMillis(long now) {
        long due = relay.nextDue();
        if (due == Long.MAX_VALUE) {
            return MAX_WAIT_MILLIS;
        }
        long millis = (due - now + 999_999) / 1_000_000;
        return Math.max(1, Math.min(MAX_WAIT_MILLIS, millis)); // select(0) would wait for ever
    }

    private static void joinUninterruptibly(Thread running) {
        boolean interrupted = false;
        while (running.isAlive()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
