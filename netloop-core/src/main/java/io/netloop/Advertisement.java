package io.netloop;

/**
 * A {@link Net}'s answer to LAN discovery, from {@link Net#advertise(String, byte[])}: while it is
 * open, clients that {@link Net#discover(String) discover} the same game name learn where this
 * net's hosts listen and what the game advertises. Use it from the polling thread only.
 */
public interface Advertisement extends AutoCloseable {
    /**
     * Replaces the advertised bytes, e.g. when the player count changes; answers from now on carry
     * them.
     *
     * @param info at most 256 bytes; copied
     * @throws IllegalArgumentException if longer
     */
    void info(byte[] info);

    /**
     * The URI it answers for.
     *
     * @return e.g. {@code lan://space-race}
     */
    String uri();

    /** Stops answering and releases the port. Calling it again does nothing. */
    @Override
    void close();
}
