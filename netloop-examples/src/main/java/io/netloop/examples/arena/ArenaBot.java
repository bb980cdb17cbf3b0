package io.netloop.examples.arena;

import io.netloop.Net;
import io.netloop.examples.arena.Protocol.Ship;
import java.util.Random;

/**
 * A bot that plays through the same {@link ArenaClient} as a person: it wanders between random
 * points, keeps the nearest ship in range, aims at it and fires.
 *
 * <p>Call {@link #update} once a loop on the thread that polls its net.
 */
public final class ArenaBot {
    private final ArenaClient client;
    private final Random random;
    private double goalX;
    private double goalY;
    private long goalUntil;

    /**
     * Connects a bot.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri the server
     * @param name the bot's name
     * @param seed the seed of its wandering
     */
    public ArenaBot(Net net, String uri, String name, long seed) {
        this.client = new ArenaClient(net, uri, name);
        this.random = new Random(seed);
    }

    /**
     * Polls the bot's net and plays a frame.
     *
     * @param nowNanos the time, from one clock on every call
     */
    public void update(long nowNanos) {
        float[] at = client.position();
        if (goalUntil == 0 || nowNanos - goalUntil >= 0) { // 0: no goal yet
            goalX = 40 + random.nextDouble() * (Physics.WIDTH - 80);
            goalY = 40 + random.nextDouble() * (Physics.HEIGHT - 80);
            goalUntil = nowNanos + 2_000_000_000L;
        }
        Ship target = null;
        double nearest = Double.MAX_VALUE;
        for (Ship s : client.others(nowNanos)) {
            double d = Math.hypot(s.x() - at[0], s.y() - at[1]);
            if (d < nearest) {
                nearest = d;
                target = s;
            }
        }
        double towardX = goalX;
        double towardY = goalY;
        if (target != null && nearest > Physics.RANGE * 0.6) {
            towardX = target.x(); // close in until it is well in range
            towardY = target.y();
        }
        float aim = target == null ? 0 : (float) Math.atan2(target.y() - at[1], target.x() - at[0]);
        boolean fire = target != null && nearest < Physics.RANGE * 0.8;
        client.update(nowNanos, keysToward(at[0], at[1], towardX, towardY), aim, fire);
    }

    private static int keysToward(double x, double y, double toX, double toY) {
        int keys = 0;
        if (toX > x + 4) {
            keys |= Physics.RIGHT;
        } else if (toX < x - 4) {
            keys |= Physics.LEFT;
        }
        if (toY > y + 4) {
            keys |= Physics.DOWN;
        } else if (toY < y - 4) {
            keys |= Physics.UP;
        }
        return keys;
    }

    /**
     * The client the bot plays through.
     *
     * @return the client
     */
    public ArenaClient client() {
        return client;
    }
}
