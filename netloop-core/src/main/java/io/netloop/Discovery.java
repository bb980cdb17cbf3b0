package io.netloop;

/**
 * A search for hosts on the local network, from {@link Net#discover(String)}: it asks every
 * {@code interval} and turns each new answer into a {@link NetEvent.Type#DISCOVERED} event. Use it
 * from the polling thread only.
 */
public interface Discovery extends AutoCloseable {
    /**
     * The URI it searches for.
     *
     * @return e.g. {@code lan://space-race}
     */
    String uri();

    /** Stops asking; answers that arrive later are ignored. Calling it again does nothing. */
    @Override
    void close();
}
