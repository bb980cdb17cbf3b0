package io.netloop.internal;

/**
 * Comparisons of points in time on the net's clock that stay right when the clock passes {@link
 * Long#MAX_VALUE} and wraps, as {@link System#nanoTime()} and fake clocks may; and {@link #NONE},
 * for "no deadline".
 */
final class Deadline {
    /** No deadline at all. */
    static final long NONE = Long.MAX_VALUE;

    private Deadline() {}

    /** The earlier of two deadlines; {@link #NONE} is later than any. */
    static long earlier(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a - b < 0 ? a : b;
    }

    /** The later of two points in time (neither may be {@link #NONE}). */
    static long later(long a, long b) {
        return a - b > 0 ? a : b;
    }

    /** Whether {@code deadline} has come at {@code now}; never for {@link #NONE}. */
    static boolean due(long deadline, long now) {
        return deadline != NONE && now - deadline >= 0;
    }
}
