package io.netloop;

import java.net.InetSocketAddress;
import java.util.Collection;

/**
 * A listening endpoint, made by {@link Net#listen}. Each accepted connection becomes a {@link
 * Peer} and is announced by {@link NetEvent.Type#CONNECTED} once its handshake is done.
 *
 * <p>Not thread-safe: call it on the thread that polls its {@link Net}.
 */
public interface Host {
    /**
     * The bound port, also when the URI asked for port 0.
     *
     * @return the port
     */
    int port();

    /**
     * The bound address.
     *
     * @return the local address
     */
    InetSocketAddress localAddress();

    /**
     * The URI this host was made from.
     *
     * @return the URI as given
     */
    String uri();

    /**
     * The connected peers of this host, in no particular order.
     *
     * @return an unmodifiable view that follows changes
     */
    Collection<Peer> peers();

    /**
     * Sends one message to every connected peer.
     *
     * @param channel the channel, from 0 to 255
     * @param data the message; it is copied once per peer
     * @param delivery how it travels
     * @return how many peers queued it ({@link SendResult#QUEUED})
     * @throws IllegalArgumentException if the channel is out of range or the message too large
     */
    int broadcast(int channel, byte[] data, Delivery delivery);

    /**
     * Counters of accepted, refused and failed connections.
     *
     * @return a snapshot
     */
    HostStats stats();

    /**
     * Whether the host still accepts connections.
     *
     * @return false once closed
     */
    boolean isOpen();

    /**
     * Stops listening and closes every peer of this host gracefully; each ends with {@link
     * DisconnectReason#HOST_CLOSED}. Calling it again does nothing.
     */
    void close();
}
