package io.netloop;

/**
 * Why a connection ended. Every {@link NetEvent.Type#CONNECTED} is followed by exactly one
 * {@link NetEvent.Type#DISCONNECTED} carrying one of these, and so is a connect that never
 * succeeds. {@link NetEvent#detail()} adds a sentence for logs.
 */
public enum DisconnectReason {
    /** This side called {@link Peer#close()} or {@link Peer#closeNow()}. */
    CLOSED,
    /** The other side closed the connection on purpose (the detail says why, if it told us). */
    CLOSED_BY_PEER,
    /** The {@link Host} this peer belongs to was closed on this side. */
    HOST_CLOSED,
    /** The {@link Net} was closed on this side. */
    NET_CLOSED,
    /** Nothing was heard from the other side within the timeout (or the handshake took too long). */
    TIMEOUT,
    /** The address could not be resolved or reached, or nothing listens there. */
    CONNECT_FAILED,
    /**
     * The other side answered but refused us: another game, another protocol version, another
     * agreement ({@link NetConfig.Builder#agreement}, e.g. a different message set), or full.
     */
    REFUSED,
    /** The other side sent bytes that break the protocol: garbage, a wrong magic, an oversized frame. */
    PROTOCOL_ERROR,
    /**
     * The connection broke without a goodbye (reset, end of stream, or an I/O error) and it had
     * no session to resume, because reconnection is off on one side.
     */
    CONNECTION_LOST,
    /**
     * The link was lost and did not come back within the resume window: the client could not
     * reach the host again, or (on a host) the client did not return.
     */
    RECONNECT_FAILED
}
