package io.netloop;

/**
 * How a message travels to its peer. Each channel keeps its own order, so a slow reliable
 * transfer on one channel does not hold up position updates on another.
 *
 * <p>Over {@code tcp://} every message that is sent arrives in order, because the stream is
 * ordered; the lossy modes differ from the reliable ones in what happens when the connection is
 * backed up: lossy messages are dropped (or replaced by newer ones) before reliable data is ever
 * refused.
 */
public enum Delivery {
    /** Delivered exactly once, in the order sent on its channel. Chat, game events, turns. */
    RELIABLE,
    /** Delivered exactly once, in any order. Bulk transfers, independent notifications. */
    RELIABLE_UNORDERED,
    /**
     * May be lost, is never delivered older than one already delivered on its channel, never
     * twice; under back-pressure only the newest unsent message per channel is kept. Positions,
     * snapshots.
     */
    SEQUENCED,
    /** May be lost, duplicated or reordered on lossy transports. Voice, fire-and-forget effects. */
    UNRELIABLE;

    /**
     * Whether this mode guarantees delivery.
     *
     * @return true for {@link #RELIABLE} and {@link #RELIABLE_UNORDERED}
     */
    public boolean isReliable() {
        return this == RELIABLE || this == RELIABLE_UNORDERED;
    }
}
