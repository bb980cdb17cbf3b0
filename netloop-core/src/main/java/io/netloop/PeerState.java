package io.netloop;

/** Where a {@link Peer} is in its life. */
public enum PeerState {
    /** Connecting and handshaking; messages sent now are queued and go out once connected. */
    CONNECTING,
    /** Connected: messages flow both ways. */
    CONNECTED,
    /** Closing gracefully: what was already sent is being delivered; new sends are refused. */
    CLOSING,
    /** Gone for good; a {@link NetEvent.Type#DISCONNECTED} event says why. */
    DISCONNECTED
}
