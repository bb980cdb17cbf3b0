package io.netloop;

import java.util.Objects;

/**
 * Something that happened on the network, handed to the game by {@link Net#poll()}.
 *
 * <pre>{@code
 * for (NetEvent e : net.poll()) {
 *     switch (e.type()) {
 *         case CONNECTED -> players.add(e.peer());
 *         case DATA -> handle(e.peer(), e.channel(), e.data());
 *         case DISCONNECTED -> players.remove(e.peer());
 *     }
 * }
 * }</pre>
 *
 * <p>Events are immutable; {@link #data()} is the game's own copy. The public factories exist so
 * that a game's tests can feed its own event handling.
 */
public final class NetEvent {
    /** The kinds of event. */
    public enum Type {
        /** A connection is established; {@link #peer()} is ready for {@link Peer#send}. */
        CONNECTED,
        /** A message arrived: {@link #peer()}, {@link #channel()}, {@link #data()}, {@link #sequence()}. */
        DATA,
        /** A connection ended or never came about; {@link #reason()} and {@link #detail()} say why. */
        DISCONNECTED
    }

    private static final byte[] NO_DATA = new byte[0];

    private final Type type;
    private final Peer peer;
    private final int channel;
    private final byte[] data;
    private final long sequence;
    private final DisconnectReason reason;
    private final String detail;

    private NetEvent(
            Type type, Peer peer, int channel, byte[] data, long sequence, DisconnectReason reason, String detail) {
        this.type = type;
        this.peer = Objects.requireNonNull(peer, "peer");
        this.channel = channel;
        this.data = data;
        this.sequence = sequence;
        this.reason = reason;
        this.detail = detail;
    }

    /**
     * A {@link Type#CONNECTED} event.
     *
     * @param peer the peer that connected
     * @return the event
     */
    public static NetEvent connected(Peer peer) {
        return new NetEvent(Type.CONNECTED, peer, -1, NO_DATA, -1, null, "");
    }

    /**
     * A {@link Type#DATA} event.
     *
     * @param peer the sender
     * @param channel the channel it came on
     * @param data the message; the event keeps this array, it does not copy it
     * @param sequence the message's position among those received on this channel, from 0
     * @return the event
     */
    public static NetEvent data(Peer peer, int channel, byte[] data, long sequence) {
        return new NetEvent(Type.DATA, peer, channel, Objects.requireNonNull(data, "data"), sequence, null, "");
    }

    /**
     * A {@link Type#DISCONNECTED} event.
     *
     * @param peer the peer that is gone
     * @param reason why
     * @param detail a sentence for logs, may be empty
     * @return the event
     */
    public static NetEvent disconnected(Peer peer, DisconnectReason reason, String detail) {
        return new NetEvent(
                Type.DISCONNECTED,
                peer,
                -1,
                NO_DATA,
                -1,
                Objects.requireNonNull(reason, "reason"),
                Objects.requireNonNull(detail, "detail"));
    }

    /**
     * What happened.
     *
     * @return the event type
     */
    public Type type() {
        return type;
    }

    /**
     * The peer concerned; the same object for the whole life of the connection.
     *
     * @return the peer
     */
    public Peer peer() {
        return peer;
    }

    /**
     * The channel a {@link Type#DATA} message came on.
     *
     * @return the channel, or -1 for other event types
     */
    public int channel() {
        return channel;
    }

    /**
     * The message of a {@link Type#DATA} event: the game's own array, free to keep and change.
     *
     * @return the bytes, empty for other event types
     */
    public byte[] data() {
        return data;
    }

    /**
     * The position of a {@link Type#DATA} message among the messages received from this peer on
     * its channel, counting from 0.
     *
     * @return the sequence, or -1 for other event types
     */
    public long sequence() {
        return sequence;
    }

    /**
     * Why a {@link Type#DISCONNECTED} connection ended.
     *
     * @return the reason, or null for other event types
     */
    public DisconnectReason reason() {
        return reason;
    }

    /**
     * A human-readable sentence about a {@link Type#DISCONNECTED} event, for logs.
     *
     * @return the detail, empty when there is nothing to add or for other event types
     */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return switch (type) {
            case CONNECTED -> "CONNECTED " + peer;
            case DATA -> "DATA " + peer + " channel " + channel + " #" + sequence + " (" + data.length + " bytes)";
            case DISCONNECTED -> "DISCONNECTED " + peer + " " + reason + (detail.isEmpty() ? "" : ": " + detail);
        };
    }
}
