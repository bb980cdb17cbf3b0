package io.netloop.examples.arena;

import io.netloop.examples.Keys;
import java.util.List;

/**
 * How a ship moves, the same on server and client: a pure function of a position and one {@link
 * Protocol.Command}, so that a client that replays its commands after the server's position lands
 * exactly where the server will (client-side prediction and reconciliation depend on it).
 */
public final class Physics {
    /** The arena's width, in units (a unit is a pixel at the window's scale). */
    public static final int WIDTH = 800;

    /** The arena's height, in units. */
    public static final int HEIGHT = 560;

    /** Simulation steps a second, on server and client. */
    public static final int TICK_RATE = 30;

    /** One step, in nanoseconds. */
    public static final long TICK_NANOS = 1_000_000_000L / TICK_RATE;

    /** A ship's top speed, in units a second. */
    public static final double SPEED = 180;

    /** A ship's radius, in units. */
    public static final double RADIUS = 12;

    /** How far a shot reaches, in units. */
    public static final double RANGE = 420;

    /** A command's key bit: up. */
    public static final int UP = Keys.UP;

    /** A command's key bit: down. */
    public static final int DOWN = Keys.DOWN;

    /** A command's key bit: left. */
    public static final int LEFT = Keys.LEFT;

    /** A command's key bit: right. */
    public static final int RIGHT = Keys.RIGHT;

    /**
     * A wall: a rectangle ships cannot enter.
     *
     * @param x left edge
     * @param y top edge
     * @param w width
     * @param h height
     */
    public record Wall(double x, double y, double w, double h) {}

    /** The walls inside the arena; its edges are walls too. */
    public static final List<Wall> WALLS = List.of(
            new Wall(180, 120, 40, 200),
            new Wall(580, 240, 40, 200),
            new Wall(330, 420, 140, 30),
            new Wall(330, 110, 140, 30));

    private Physics() {}

    /**
     * Moves a point one step by a command's keys, stopping at walls.
     *
     * @param x where it is
     * @param y where it is
     * @param keys {@link #UP}, {@link #DOWN}, {@link #LEFT}, {@link #RIGHT} bits
     * @return the new position, {x, y}
     */
    public static double[] step(double x, double y, int keys) {
        int[] direction = Keys.direction(keys);
        double dx = direction[0];
        double dy = direction[1];
        double length = Math.sqrt(dx * dx + dy * dy);
        if (length == 0) {
            return new double[] {x, y};
        }
        double d = SPEED / TICK_RATE / length;
        double nx = x + dx * d;
        if (blocked(nx, y)) {
            nx = x; // slide along the wall: try each axis on its own
        }
        double ny = y + dy * d;
        if (blocked(nx, ny)) {
            ny = y;
        }
        return new double[] {nx, ny};
    }

    /**
     * Whether a ship centred here would overlap a wall or leave the arena.
     *
     * @param x the centre
     * @param y the centre
     * @return true if it may not be there
     */
    public static boolean blocked(double x, double y) {
        if (x < RADIUS || y < RADIUS || x > WIDTH - RADIUS || y > HEIGHT - RADIUS) {
            return true;
        }
        for (Wall w : WALLS) {
            double cx = Math.max(w.x, Math.min(x, w.x + w.w));
            double cy = Math.max(w.y, Math.min(y, w.y + w.h));
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < RADIUS * RADIUS) {
                return true;
            }
        }
        return false;
    }

    /**
     * How far along a ray from (x, y) in direction {@code aim} a circle at (cx, cy) is hit.
     *
     * @param x the ray's start
     * @param y the ray's start
     * @param aim the direction, in radians
     * @param cx the circle's centre
     * @param cy the circle's centre
     * @return the distance to the hit, or {@link Double#NaN} if the ray misses within {@link #RANGE}
     */
    public static double hit(double x, double y, double aim, double cx, double cy) {
        double ux = Math.cos(aim);
        double uy = Math.sin(aim);
        double along = (cx - x) * ux + (cy - y) * uy;
        if (along < 0 || along > RANGE) {
            return Double.NaN;
        }
        double px = x + ux * along - cx;
        double py = y + uy * along - cy;
        return px * px + py * py <= RADIUS * RADIUS ? along : Double.NaN;
    }

    /**
     * Where a wall stops a shot, so that nobody is hit through one.
     *
     * @param x the ray's start
     * @param y the ray's start
     * @param aim the direction, in radians
     * @return the distance to the first wall or edge, at most {@link #RANGE}
     */
    public static double reach(double x, double y, double aim) {
        double ux = Math.cos(aim);
        double uy = Math.sin(aim);
        for (double d = 0; d < RANGE; d += 4) {
            double px = x + ux * d;
            double py = y + uy * d;
            if (px < 0 || py < 0 || px > WIDTH || py > HEIGHT || inWall(px, py)) {
                return d;
            }
        }
        return RANGE;
    }

    private static boolean inWall(double x, double y) {
        for (Wall w : WALLS) {
            if (x >= w.x && x <= w.x + w.w && y >= w.y && y <= w.y + w.h) {
                return true;
            }
        }
        return false;
    }
}
