package io.netloop;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The other end of one connection. The same object stands for the connection from the moment
 * {@link Net#connect} returns it (or a {@link NetEvent.Type#CONNECTED} event announces it) until
 * its {@link NetEvent.Type#DISCONNECTED} event, so the game may keep it in its own maps and hang
 * its player object on it with {@link #attach(Object)}.
 *
 * <p>Not thread-safe: call it on the thread that polls its {@link Net}.
 */
public interface Peer {
    /**
     * Queues a message. It goes out with the next {@link Net#poll()} or {@link Net#flush()}, in
     * one write together with everything else queued for this peer. A message sent while the
     * peer is still {@link PeerState#CONNECTING} is queued and goes out once it is connected.
     *
     * @param channel the channel, from 0 to 255; each channel keeps its own order
     * @param data the message; it is copied, so the array may be reused at once
     * @param delivery how it travels
     * @return what happened to the message; never throws for a network condition
     * @throws IllegalArgumentException if the channel is out of range or the message is larger
     *     than the maximum message size (the {@code maxMessage} URI option)
     */
    SendResult send(int channel, byte[] data, Delivery delivery);

    /**
     * Queues part of an array as one message; see {@link #send(int, byte[], Delivery)}.
     *
     * @param channel the channel, from 0 to 255
     * @param data the array holding the message; the bytes are copied
     * @param offset where the message starts in {@code data}
     * @param length the message's length in bytes
     * @param delivery how it travels
     * @return what happened to the message
     * @throws IllegalArgumentException if the channel is out of range or the message is too large
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit in {@code
     *     data}
     */
    SendResult send(int channel, byte[] data, int offset, int length, Delivery delivery);

    /**
     * Queues the remaining bytes of a buffer as one message, without changing the buffer's
     * position; see {@link #send(int, byte[], Delivery)}.
     *
     * @param channel the channel, from 0 to 255
     * @param data the message, from its position to its limit; the bytes are copied
     * @param delivery how it travels
     * @return what happened to the message
     * @throws IllegalArgumentException if the channel is out of range or the message is too large
     */
    SendResult send(int channel, ByteBuffer data, Delivery delivery);

    /**
     * Changes this connection's network simulator from now on, while the game runs: a slider for
     * latency or loss in a game's debug overlay calls this. The new settings apply to every
     * datagram this side sends and receives from the next poll; datagrams already held back keep
     * the delay they were given. They stay in force across reconnects. {@link Simulation#NONE}
     * turns the simulator off.
     *
     * <p>Only a {@code udp://} connection made with {@link Net#connect} can change its own link:
     * the peers of a host share the host's socket, whose simulation is set with the {@code sim.*}
     * options of the {@link Net#listen} URI, and a TCP stream's delay is fixed when it connects.
     *
     * @param simulation the new settings
     * @throws UnsupportedOperationException for a {@code tcp://} or {@code lan://} connection or
     *     a peer of a host, with what to do instead
     */
    default void simulate(Simulation simulation) {
        throw new UnsupportedOperationException("Cannot change the simulation of " + uri()
                + ": only a udp:// connection made with Net.connect can; set sim.* options in the URI instead");
    }

    /**
     * Queues a message on channel 0, {@link Delivery#RELIABLE}.
     *
     * @param data the message; it is copied
     * @return what happened to the message
     */
    default SendResult send(byte[] data) {
        return send(0, data, Delivery.RELIABLE);
    }

    /**
     * Pulls up to {@code maxBytes} received bytes of a {@code tcp+raw://...?read=pull} connection,
     * for code that prefers reading a stream to handling {@link NetEvent.Type#DATA} events. Call it
     * after {@link Net#poll()}; it never blocks.
     *
     * @param maxBytes the most bytes to return, at least 1
     * @return the bytes received so far, up to {@code maxBytes}; empty if none are waiting
     * @throws IllegalStateException if this peer delivers DATA events instead (any other URI)
     */
    byte[] recv(int maxBytes);

    /**
     * Closes gracefully: everything already queued is still delivered, then the connection ends
     * and {@link NetEvent.Type#DISCONNECTED} with {@link DisconnectReason#CLOSED} follows. Sends
     * after this return {@link SendResult#NOT_CONNECTED}. Calling it again does nothing.
     */
    void close();

    /**
     * Closes at once, dropping anything still queued; {@link NetEvent.Type#DISCONNECTED} with
     * {@link DisconnectReason#CLOSED} follows on the next poll.
     */
    void closeNow();

    /**
     * Where this connection is in its life.
     *
     * @return the state
     */
    PeerState state();

    /**
     * A snapshot of this connection's counters: round-trip time, bytes, messages, queue depth.
     *
     * @return the stats, a new object
     */
    PeerStats stats();

    /**
     * The address of the other end.
     *
     * @return the remote address; for an outgoing connection, the address being connected to
     */
    InetSocketAddress remoteAddress();

    /**
     * The URI this peer was reached by: the one given to {@link Net#connect} for outgoing
     * connections, or {@code scheme://address:port} of the remote end for accepted ones.
     *
     * @return the URI
     */
    String uri();

    /**
     * The host that accepted this connection.
     *
     * @return the host, or null for a connection this side opened
     */
    Host host();

    /**
     * The game's own object attached to this peer, e.g. its player.
     *
     * @param <T> the type the caller expects
     * @return the attachment, or null
     */
    <T> T attachment();

    /**
     * Attaches the game's own object to this peer, replacing any earlier one.
     *
     * @param attachment the object, may be null
     */
    void attach(Object attachment);
}
