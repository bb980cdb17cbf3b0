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
 *         case RECONNECTING -> showBanner(e.peer(), "reconnecting...");
 *         case RECONNECTED -> resync(e.peer(), e.resumed());
 *         case DISCONNECTED -> players.remove(e.peer());
 *         case DISCOVERED -> lobby.show(e.lanHost());
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
        /**
         * The link to {@link #peer()} was lost and its session is kept: a client reconnects by
         * itself, a host waits for it. {@link #detail()} says what happened. Followed by exactly one
         * {@link #RECONNECTED} or {@link #DISCONNECTED}.
         */
        RECONNECTING,
        /**
         * The link is back. When {@link #resumed()} is true nothing was lost: every reliable message
         * sent before or during the outage arrives once and in order. When it is false the host no
         * longer knew the session (it restarted, or the resume window had passed), so a new session
         * began on the same {@link Peer} object and the game must send its state again.
         */
        RECONNECTED,
        /** A connection ended or never came about; {@link #reason()} and {@link #detail()} say why. */
        DISCONNECTED,
        /**
         * A {@link Net#discover(String) discovery} found a host on the local network, or a host it
         * found changed its info: {@link #lanHost()}. {@link #peer()} is null.
         */
        DISCOVERED
    }

    private static final byte[] NO_DATA = new byte[0];

    private final Type type;
    private final Peer peer;
    private final int channel;
    private final byte[] data;
    private final long sequence;
    private final DisconnectReason reason;
    private final String detail;
    private final boolean resumed;
    private final LanHost lanHost;

    private NetEvent(
            Type type,
            Peer peer,
            int channel,
            byte[] data,
            long sequence,
            DisconnectReason reason,
            String detail,
            boolean resumed) {
        this.type = type;
        this.resumed = resumed;
        this.peer = Objects.requireNonNull(peer, "peer");
        this.lanHost = null;
        this.channel = channel;
        this.data = data;
        this.sequence = sequence;
        this.reason = reason;
        this.detail = detail;
    }

    private NetEvent(LanHost lanHost) {
        this.type = Type.DISCOVERED;
        this.peer = null;
        this.channel = -1;
        this.data = NO_DATA;
        this.sequence = -1;
        this.reason = null;
        this.detail = "";
        this.resumed = false;
        this.lanHost = Objects.requireNonNull(lanHost, "lanHost");
    }

    /**
     * A {@link Type#DISCOVERED} event.
     *
     * @param lanHost the host found
     * @return the event
     */
    public static NetEvent discovered(LanHost lanHost) {
        return new NetEvent(lanHost);
    }

    /**
     * A {@link Type#CONNECTED} event.
     *
     * @param peer the peer that connected
     * @return the event
     */
    public static NetEvent connected(Peer peer) {
        return new NetEvent(Type.CONNECTED, peer, -1, NO_DATA, -1, null, "", false);
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
        return new NetEvent(Type.DATA, peer, channel, Objects.requireNonNull(data, "data"), sequence, null, "", false);
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
                Objects.requireNonNull(detail, "detail"),
                false);
    }

    /**
     * A {@link Type#RECONNECTING} event.
     *
     * @param peer the peer whose link was lost
     * @param detail a sentence for logs about what happened to the link, may be empty
     * @return the event
     */
    public static NetEvent reconnecting(Peer peer, String detail) {
        return new NetEvent(
                Type.RECONNECTING, peer, -1, NO_DATA, -1, null, Objects.requireNonNull(detail, "detail"), false);
    }

    /**
     * A {@link Type#RECONNECTED} event.
     *
     * @param peer the peer whose link is back
     * @param resumed true if the session resumed with nothing lost, false if a new one began
     * @param detail a sentence for logs, may be empty
     * @return the event
     */
    public static NetEvent reconnected(Peer peer, boolean resumed, String detail) {
        return new NetEvent(
                Type.RECONNECTED, peer, -1, NO_DATA, -1, null, Objects.requireNonNull(detail, "detail"), resumed);
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
     * @return the peer, or null for {@link Type#DISCOVERED}
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
     * A human-readable sentence about a {@link Type#DISCONNECTED}, {@link Type#RECONNECTING} or
     * {@link Type#RECONNECTED} event, for logs.
     *
     * @return the detail, empty when there is nothing to add or for other event types
     */
    public String detail() {
        return detail;
    }

    /**
     * Whether a {@link Type#RECONNECTED} session resumed with nothing lost; false means the host
     * had forgotten it and a new session began.
     *
     * @return true for a resumed session, false otherwise and for other event types
     */
    public boolean resumed() {
        return resumed;
    }

    /**
     * The host a {@link Type#DISCOVERED} event found.
     *
     * @return the host, or null for other event types
     */
    public LanHost lanHost() {
        return lanHost;
    }

    @Override
    public String toString() {
        return switch (type) {
            case CONNECTED -> "CONNECTED " + peer;
            case DATA -> "DATA " + peer + " channel " + channel + " #" + sequence + " (" + data.length + " bytes)";
            case RECONNECTING -> "RECONNECTING " + peer + (detail.isEmpty() ? "" : ": " + detail);
            case RECONNECTED -> "RECONNECTED " + peer + (resumed ? " (resumed)" : " (new session)")
                    + (detail.isEmpty() ? "" : ": " + detail);
            case DISCONNECTED -> "DISCONNECTED " + peer + " " + reason + (detail.isEmpty() ? "" : ": " + detail);
            case DISCOVERED -> "DISCOVERED " + lanHost;
        };
    }
}
