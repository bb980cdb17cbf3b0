package io.netloop;

import java.util.Collection;

/**
 * A peer-to-peer group on the local network, from {@link Net#mesh(String, String)}: every member
 * listens, advertises itself under one game name, discovers the others and connects to each, so
 * that the members end fully connected with exactly one connection per pair. Of two members, the
 * one with the smaller random id connects and the other waits, so two members that find each
 * other at the same moment never make two connections, or none.
 *
 * <p>Members' connections are ordinary peers: they appear as {@link NetEvent.Type#CONNECTED},
 * {@link NetEvent.Type#DATA} and {@link NetEvent.Type#DISCONNECTED} events like any other, and a
 * member that drops out is connected to again when it is found again. Use it from the polling
 * thread only.
 */
public interface Mesh extends AutoCloseable {
    /**
     * The game name's URI.
     *
     * @return e.g. {@code lan://whiteboard}
     */
    String uri();

    /**
     * Where this member listens for the others.
     *
     * @return the host
     */
    Host host();

    /**
     * The members connected now, whichever side connected.
     *
     * @return a new collection of the connected peers
     */
    Collection<Peer> peers();

    /** Stops advertising and discovering, and closes the host and every member connection. */
    @Override
    void close();
}
