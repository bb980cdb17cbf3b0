package io.netloop.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How often a LAN advertiser answers: at most {@code perSecond} a second to any one address and
 * ten times that in all, each with a burst of one second's worth, so that a flood of spoofed
 * queries cannot turn it into a traffic source. Each bucket is kept as its backlog: the time at
 * which it is empty of debt again.
 */
final class RateLimit {
    private static final long WINDOW = 1_000_000_000L;
    private static final int MAX_ADDRESSES = 4096;

    private final long cost;
    private final long globalCost;
    private final Map<InetAddress, Long> clearAt = new HashMap<>();
    private long globalClearAt;

    RateLimit(int perSecond) {
        this.cost = WINDOW / perSecond;
        this.globalCost = cost / 10;
    }

    /** Takes a token for {@code from} at time {@code now}; false if its bucket or the global one is empty. */
    boolean allow(InetAddress from, long now) {
        long global = Math.max(globalClearAt - now, 0);
        Long clear = clearAt.get(from);
        long mine = clear == null ? 0 : Math.max(clear - now, 0);
        if (global + globalCost > WINDOW || mine + cost > WINDOW) {
            return false;
        }
        if (clear == null && clearAt.size() >= MAX_ADDRESSES) {
            clearAt.values().removeIf(t -> t - now <= 0);
            if (clearAt.size() >= MAX_ADDRESSES) {
                return false; // more senders than we keep track of: answer none of the new ones
            }
        }
        clearAt.put(from, now + mine + cost);
        globalClearAt = now + global + globalCost;
        return true;
    }
}
