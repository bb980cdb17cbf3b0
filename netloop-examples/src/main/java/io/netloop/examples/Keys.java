package io.netloop.examples;

import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;

/**
 * Which of the walking keys are held: WASD or the arrow keys, as the bits {@link #UP}, {@link
 * #DOWN}, {@link #LEFT} and {@link #RIGHT}. Add it to a component as a key listener; read it on
 * the event dispatch thread.
 */
public final class Keys extends KeyAdapter {
    /** W or the up arrow. */
    public static final int UP = 1;

    /** S or the down arrow. */
    public static final int DOWN = 2;

    /** A or the left arrow. */
    public static final int LEFT = 4;

    /** D or the right arrow. */
    public static final int RIGHT = 8;

    private int held;

    /** Creates a listener with no key held. */
    public Keys() {}

    @Override
    public void keyPressed(KeyEvent e) {
        held |= bit(e.getKeyCode());
    }

    @Override
    public void keyReleased(KeyEvent e) {
        held &= ~bit(e.getKeyCode());
    }

    /**
     * The keys held now.
     *
     * @return {@link #UP}, {@link #DOWN}, {@link #LEFT} and {@link #RIGHT} bits
     */
    public int held() {
        return held;
    }

    /**
     * Where the held keys point, as -1, 0 or 1 on each axis (y grows downwards).
     *
     * @param keys bits as {@link #held()} returns them
     * @return {dx, dy}
     */
    public static int[] direction(int keys) {
        return new int[] {
            ((keys & RIGHT) != 0 ? 1 : 0) - ((keys & LEFT) != 0 ? 1 : 0),
            ((keys & DOWN) != 0 ? 1 : 0) - ((keys & UP) != 0 ? 1 : 0)
        };
    }

    private static int bit(int key) {
        return switch (key) {
            case KeyEvent.VK_W, KeyEvent.VK_UP -> UP;
            case KeyEvent.VK_S, KeyEvent.VK_DOWN -> DOWN;
            case KeyEvent.VK_A, KeyEvent.VK_LEFT -> LEFT;
            case KeyEvent.VK_D, KeyEvent.VK_RIGHT -> RIGHT;
            default -> 0;
        };
    }
}
