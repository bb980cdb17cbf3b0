package io.netloop.examples.crowd;

import java.util.Arrays;

/**
 * A uniform grid over the world for interest management: each cell lists the players in it, so
 * that finding who is near a point looks at a few cells instead of every player. Rebuilt every
 * tick; nothing is allocated once it has grown to the crowd's size.
 */
final class Grid {
    private final int cell;
    private final int columns;
    private final int[] head;
    private int[] next = new int[0];

    /**
     * @param world the world's width and height, in units
     * @param cell a cell's side, in units; about the view radius
     */
    Grid(int world, int cell) {
        this.cell = cell;
        this.columns = (world + cell - 1) / cell;
        this.head = new int[columns * columns];
    }

    /** Files every player under its cell; {@code x[i]}, {@code y[i]} is player slot {@code i}. */
    void rebuild(float[] x, float[] y, int count) {
        Arrays.fill(head, -1);
        if (next.length < count) {
            next = new int[Math.max(count, next.length * 2)];
        }
        for (int i = 0; i < count; i++) {
            int c = index(x[i], y[i]);
            next[i] = head[c];
            head[c] = i;
        }
    }

    /**
     * Collects the slots within {@code radius} of a point, except {@code self}.
     *
     * @param out where the slots go; returns how many
     */
    int near(float px, float py, float radius, float[] x, float[] y, int self, int[] out) {
        int found = 0;
        int c0 = clamp((int) ((px - radius) / cell));
        int c1 = clamp((int) ((px + radius) / cell));
        int r0 = clamp((int) ((py - radius) / cell));
        int r1 = clamp((int) ((py + radius) / cell));
        float r2 = radius * radius;
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                for (int i = head[r * columns + c]; i >= 0; i = next[i]) {
                    float dx = x[i] - px;
                    float dy = y[i] - py;
                    if (i != self && dx * dx + dy * dy <= r2 && found < out.length) {
                        out[found++] = i;
                    }
                }
            }
        }
        return found;
    }

    private int index(float x, float y) {
        return clamp((int) (y / cell)) * columns + clamp((int) (x / cell));
    }

    private int clamp(int c) {
        return Math.max(0, Math.min(columns - 1, c));
    }
}
