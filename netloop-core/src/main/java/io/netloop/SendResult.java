package io.netloop;

/**
 * What {@link Peer#send} did with a message. These are expected outcomes in a game, so they are
 * values rather than exceptions; programming errors (a negative channel, a message larger than
 * the configured maximum) throw {@link IllegalArgumentException} instead.
 */
public enum SendResult {
    /** The message is queued and goes out with the next {@link Net#poll()} or {@link Net#flush()}. */
    QUEUED,
    /**
     * A lossy message ({@link Delivery#SEQUENCED} or {@link Delivery#UNRELIABLE}) was dropped
     * because the peer's outbound queue is backed up. Nothing to do: lossy data is meant to be
     * dropped first.
     */
    DROPPED,
    /**
     * A reliable message was refused because the peer's outbound queue is full. Nothing was
     * queued: retry on a later frame, or slow down. The limit is {@code sendQueue} in the URI or
     * {@link NetConfig.Builder#sendQueueLimit(int)}.
     */
    BACKPRESSURED,
    /** The peer is closing or disconnected; nothing was queued. */
    NOT_CONNECTED;

    /**
     * Whether the message was accepted for delivery.
     *
     * @return true only for {@link #QUEUED}
     */
    public boolean isQueued() {
        return this == QUEUED;
    }
}
