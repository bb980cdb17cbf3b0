package io.netloop.examples.crowd;

import io.netloop.examples.crowd.Protocol.Mover;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one client is told about the players near it, within a byte budget per tick. Each nearby
 * player's priority grows every tick it is not sent, faster the nearer it is; each tick the
 * highest priorities are sent until the budget is spent and their priority starts again from
 * zero. Near players are updated often, far ones less often, and none waits forever.
 *
 * <p>The size of every message is counted exactly as MessagePack will write it, so a view never
 * exceeds the budget.
 */
final class Interest {
    /** The most a {@link Protocol.View} without movers takes: array, type, tick, x, y, list header. */
    static final int HEADER_BYTES = 1 + 1 + 5 + 3 + 3 + 3;

    private float[] priority = new float[64];
    private int[] seen = new int[64];
    private long[] order = new long[64];

    /**
     * Picks the movers to send this tick.
     *
     * @param slots the nearby players' slots, from the grid
     * @param count how many slots
     * @param crowd the players
     * @param self the client's slot
     * @param budget the bytes this view may take
     * @param view the view radius, in units
     * @return the movers, most overdue first
     */
    List<Mover> pick(int[] slots, int count, Crowd crowd, int self, int budget, float view) {
        grow(crowd.capacity());
        float sx = crowd.x[self];
        float sy = crowd.y[self];
        for (int k = 0; k < count; k++) {
            int s = slots[k];
            if (seen[s] != crowd.id[s]) {
                seen[s] = crowd.id[s]; // another player took this slot: start from nothing
                priority[s] = 0;
            }
            float d = (float) Math.hypot(crowd.x[s] - sx, crowd.y[s] - sy);
            priority[s] += 1 + 3 * Math.max(0, 1 - d / view);
            order[k] = ((long) Float.floatToIntBits(priority[s]) << 32) | s; // positive floats sort as ints
        }
        Arrays.sort(order, 0, count);
        List<Mover> movers = new ArrayList<>();
        int bytes = HEADER_BYTES;
        for (int k = count - 1; k >= 0; k--) {
            int s = (int) order[k];
            Mover m =
                    new Mover(crowd.id[s], Math.round(crowd.x[s] - sx), Math.round(crowd.y[s] - sy), crowd.heading[s]);
            int size = size(m);
            if (bytes + size <= budget) {
                bytes += size;
                movers.add(m);
                priority[s] = 0;
            }
        }
        return movers;
    }

    /** The bytes MessagePack takes for a mover: an array of four integers. */
    static int size(Mover m) {
        return 1 + size(m.id()) + size(m.dx()) + size(m.dy()) + size(m.heading());
    }

    /** The bytes MessagePack takes for an integer. */
    static int size(int v) {
        if (v >= 0) {
            return v < 128 ? 1 : v < 256 ? 2 : v < 65_536 ? 3 : 5;
        }
        return v >= -32 ? 1 : v >= -128 ? 2 : v >= -32_768 ? 3 : 5;
    }

    private void grow(int capacity) {
        if (priority.length < capacity) {
            priority = Arrays.copyOf(priority, capacity);
            seen = Arrays.copyOf(seen, capacity);
            order = new long[capacity];
        }
    }
}
