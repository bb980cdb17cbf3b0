package io.netloop.examples.crowd;

import io.netloop.Net;
import io.netloop.NetEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many bots in one process on one {@link Net}, so one selector serves them all: each wanders,
 * choosing a new heading (or a rest) every few seconds, and counts the views it gets.
 *
 * <p>Call {@link #update} once a loop on the thread that owns the net.
 */
public final class CrowdSwarm {
    private final Net net;
    private final List<CrowdClient> bots = new ArrayList<>();
    private final long[] turnAt;
    private final int[] heading;
    private final SplittableRandom random;

    /**
     * Connects the bots.
     *
     * @param net a net opened with {@link Protocol#config()}, for the swarm alone
     * @param uri the server
     * @param count how many bots
     * @param seed the seed of their wandering
     */
    public CrowdSwarm(Net net, String uri, int count, long seed) {
        this.net = net;
        this.random = new SplittableRandom(seed);
        this.turnAt = new long[count];
        this.heading = new int[count];
        for (int i = 0; i < count; i++) {
            bots.add(new CrowdClient(net, uri, "bot" + (i + 1)));
        }
    }

    /**
     * Polls the net, hands each event to its bot, and steers.
     *
     * @param nowNanos the time, from one clock on every call
     */
    public void update(long nowNanos) {
        for (NetEvent e : net.poll()) {
            CrowdClient bot = e.peer() == null ? null : e.peer().attachment();
            if (bot != null) {
                bot.handle(e, nowNanos);
            }
        }
        for (int i = 0; i < bots.size(); i++) {
            if (turnAt[i] == 0 || nowNanos - turnAt[i] >= 0) { // 0: never turned yet
                heading[i] = random.nextInt(6) == 0 ? Protocol.STOP : random.nextInt(256);
                turnAt[i] = nowNanos + 2_000_000_000L + random.nextLong(3_000_000_000L);
            }
            bots.get(i).steer(heading[i], nowNanos);
        }
    }

    /**
     * The bots.
     *
     * @return the list, in the order they connected
     */
    public List<CrowdClient> bots() {
        return bots;
    }
}
