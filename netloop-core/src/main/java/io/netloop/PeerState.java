package io.netloop;

/** Where a {@link Peer} is in its life. */
public enum PeerState {
    /** Connecting and handshaking; messages sent now are queued and go out once connected. */
    CONNECTING,
    /** Connected: messages flow both ways. */
    CONNECTED,
    /**
     * The link was lost and the session is kept: a client is reconnecting, a host waits for it to
     * come back. Reliable messages sent now are queued and delivered after the resume; lossy ones
     * are dropped.
     */
    RECONNECTING,
    /** Closing gracefully: what was already sent is being delivered; new sends are refused. */
    CLOSING,
    /** Gone for good; a {@link NetEvent.Type#DISCONNECTED} event says why. */
    DISCONNECTED
}
