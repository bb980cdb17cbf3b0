package io.netloop.examples.crowd;

import io.netloop.Peer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The players of the world, in slots of flat arrays that the tick walks without allocating. A
 * player keeps its slot while it stays; a leaving player's slot goes to the next one to join.
 */
final class Crowd {
    /** How fast a player moves, in units a second. */
    static final float SPEED = 60;

    int[] id = new int[0];
    float[] x = new float[0];
    float[] y = new float[0];
    int[] heading = new int[0];
    Peer[] peer = new Peer[0];
    Interest[] interest = new Interest[0];
    private int used;
    private int nextId = 1;
    private final SplittableRandom random = new SplittableRandom(7);

    int capacity() {
        return used;
    }

    /** Takes a free slot, or a new one, at a random place near the world's centre; returns the slot. */
    int join(Peer who, int world) {
        int s = 0;
        while (s < used && id[s] != 0) {
            s++;
        }
        if (s == used) {
            grow(used + 1);
            used++;
        }
        double angle = random.nextDouble(2 * Math.PI);
        double r = Math.sqrt(random.nextDouble()) * world * 0.2; // a crowd, not a desert
        id[s] = nextId++;
        x[s] = (float) (world / 2.0 + Math.cos(angle) * r);
        y[s] = (float) (world / 2.0 + Math.sin(angle) * r);
        heading[s] = Protocol.STOP;
        peer[s] = who;
        interest[s] = new Interest();
        return s;
    }

    void leave(int s) {
        peer[s] = null;
        interest[s] = null;
        id[s] = 0;
        x[s] = -1_000_000; // far from everyone until the slot is taken again
        y[s] = -1_000_000;
    }

    /** Moves every player along its heading for one tick, stopping at the world's edge. */
    void move(float seconds, int world) {
        for (int s = 0; s < used; s++) {
            if (id[s] != 0 && heading[s] != Protocol.STOP) {
                double angle = heading[s] * 2 * Math.PI / 256;
                x[s] = clamp(x[s] + (float) Math.cos(angle) * SPEED * seconds, world);
                y[s] = clamp(y[s] + (float) Math.sin(angle) * SPEED * seconds, world);
            }
        }
    }

    private static float clamp(float v, int world) {
        return Math.max(0, Math.min(world - 1, v));
    }

    private void grow(int size) {
        if (size > id.length) {
            int n = Math.max(size, id.length * 2);
            id = Arrays.copyOf(id, n);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
            heading = Arrays.copyOf(heading, n);
            peer = Arrays.copyOf(peer, n);
            interest = Arrays.copyOf(interest, n);
        }
    }
}
