package io.netloop.bench.kryonet;

import io.netloop.bench.peer.Params;

/** The time a scenario may take, from {@code limitSeconds} (default 60), on the nanoTime clock. */
final class Limit {
    private final long seconds;
    private final long deadline;

    private Limit(long seconds) {
        this.seconds = seconds;
        this.deadline = System.nanoTime() + seconds * 1_000_000_000L;
    }

    /**
     * Starts the clock.
     *
     * @param p the arguments, for {@code limitSeconds}
     * @return the limit
     */
    static Limit of(Params p) {
        return new Limit(p.number("limitSeconds", 60));
    }

    /**
     * Whether time remains.
     *
     * @return true before the deadline
     */
    boolean remains() {
        return System.nanoTime() - deadline < 0;
    }

    /**
     * The time left.
     *
     * @return milliseconds, at least 1
     */
    long remainingMillis() {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    /**
     * The earlier of the deadline and a point in time.
     *
     * @param nanoTime on the {@link System#nanoTime()} clock
     * @return on the same clock
     */
    long min(long nanoTime) {
        return nanoTime - deadline < 0 ? nanoTime : deadline;
    }

    /**
     * The failure for something that did not happen in time.
     *
     * @param what what did not happen, e.g. "only 3 of 5 clients connected"
     * @return an exception to throw
     */
    IllegalStateException exceeded(String what) {
        return new IllegalStateException(what + " within limitSeconds=" + seconds + "; raise it or lower the sizes");
    }
}
