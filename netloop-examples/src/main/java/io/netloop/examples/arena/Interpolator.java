package io.netloop.examples.arena;

import io.netloop.examples.arena.Protocol.Ship;
import io.netloop.examples.arena.Protocol.Snapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows other ships {@value #DELAY_TICKS} server ticks (100 ms) in the past, between the two
 * snapshots around that moment, so that they move smoothly although snapshots come unevenly and
 * some are lost. The server's tick numbers say when each snapshot was taken; the local clock says
 * where "now" is on that scale, learned from the snapshots that arrived soonest.
 */
final class Interpolator {
    /** How far behind the server the others are drawn, in ticks: 100 ms at 30 ticks a second. */
    static final int DELAY_TICKS = 3;

    private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();
    /** The local time of server tick 0, as the quickest snapshots tell it. */
    private long base = Long.MIN_VALUE;

    void add(Snapshot s, long arrivedNanos) {
        long candidate = arrivedNanos - s.tick() * Physics.TICK_NANOS;
        if (base == Long.MIN_VALUE || candidate < base) {
            base = candidate;
        } else {
            base += (candidate - base) / 64; // follow a slower path slowly, so that one late snapshot changes little
        }
        snapshots.addLast(s);
        while (snapshots.size() > 32) {
            snapshots.removeFirst();
        }
    }

    /** The server tick the others are drawn at, with a fraction. */
    double renderTick(long nowNanos) {
        return base == Long.MIN_VALUE ? 0 : (double) (nowNanos - base) / Physics.TICK_NANOS - DELAY_TICKS;
    }

    /** The newest snapshot, or null before the first. */
    Snapshot newest() {
        return snapshots.peekLast();
    }

    /** Every ship but {@code me} at {@code tick}: between the snapshots around it, else the nearest. */
    List<Ship> at(double tick, int me) {
        Snapshot before = null;
        Snapshot after = null;
        for (Snapshot s : snapshots) {
            if (s.tick() <= tick) {
                before = s;
            } else if (after == null) {
                after = s;
            }
        }
        if (before == null) {
            before = after;
        }
        if (before == null) {
            return List.of();
        }
        double t = after == null || before == after ? 0 : (tick - before.tick()) / (after.tick() - before.tick());
        List<Ship> out = new ArrayList<>();
        for (Ship a : before.ships()) {
            if (a.id() == me) {
                continue;
            }
            Ship b = after == null ? null : find(after, a.id());
            if (b == null || Math.hypot(b.x() - a.x(), b.y() - a.y()) > 60) {
                out.add(a); // no later position, or a respawn: no sliding across the arena
            } else {
                out.add(new Ship(a.id(), lerp(a.x(), b.x(), t), lerp(a.y(), b.y(), t), b.aim(), b.health()));
            }
        }
        return out;
    }

    private static Ship find(Snapshot s, int id) {
        for (Ship ship : s.ships()) {
            if (ship.id() == id) {
                return ship;
            }
        }
        return null;
    }

    private static float lerp(float a, float b, double t) {
        return (float) (a + (b - a) * t);
    }
}
