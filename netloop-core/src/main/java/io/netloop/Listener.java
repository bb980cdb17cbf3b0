package io.netloop;

import java.nio.ByteBuffer;

/**
 * Callbacks for the connections of one host or one outgoing connection, an alternative to
 * handling the events that {@link Net#poll()} returns. Every method has an empty default, so a
 * game overrides only what it needs.
 *
 * <p>Every method is called on the thread that calls {@link Net#poll()}, from inside that call,
 * never on another thread. A method that throws does not lose data: the poll finishes its work and
 * then rethrows the first exception.
 */
public interface Listener {
    /**
     * A connection is established.
     *
     * @param peer the peer, ready for {@link Peer#send}
     */
    default void onConnected(Peer peer) {}

    /**
     * A message arrived; called by the default {@link #onReceive}.
     *
     * @param peer the sender
     * @param channel the channel it came on
     * @param data the message, the game's own copy
     * @param sequence its position among the messages received on this channel, from 0
     */
    default void onData(Peer peer, int channel, byte[] data, long sequence) {}

    /**
     * A message arrived, lent without a copy. The buffer holds the message from its position to
     * its limit and is valid only during this call: read it here, do not keep it. The default
     * copies the bytes and calls {@link #onData}; override this one to avoid that copy.
     *
     * @param peer the sender
     * @param channel the channel it came on
     * @param data the message, a read-only view valid for this call only
     * @param sequence its position among the messages received on this channel, from 0
     */
    default void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        onData(peer, channel, copy, sequence);
    }

    /**
     * The link to a peer was lost and its session is kept; {@link #onReconnected} or {@link
     * #onDisconnected} follows.
     *
     * @param peer the peer, still the same object
     * @param detail a sentence for logs about what happened to the link
     */
    default void onReconnecting(Peer peer, String detail) {}

    /**
     * The link to a peer is back.
     *
     * @param peer the peer, still the same object
     * @param resumed true if nothing was lost; false if the host had forgotten the session and a
     *     new one began, so the game must send its state again
     * @param detail a sentence for logs
     */
    default void onReconnected(Peer peer, boolean resumed, String detail) {}

    /**
     * A connection ended, or an outgoing connection never came about. Called exactly once per
     * peer.
     *
     * @param peer the peer that is gone
     * @param reason why
     * @param detail a sentence for logs, may be empty
     */
    default void onDisconnected(Peer peer, DisconnectReason reason, String detail) {}
}
