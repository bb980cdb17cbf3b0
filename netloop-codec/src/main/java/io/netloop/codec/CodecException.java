package io.netloop.codec;

/**
 * A message could not be encoded or decoded. On decode this is the only exception that bad input
 * (random, truncated, oversized, too deeply nested or type-confused bytes) ever produces, so a game
 * can treat it as "this peer speaks nonsense": catch it and close the peer.
 *
 * <p>The message says what went wrong, where (the record type and the field path, such as {@code
 * Snapshot.players[3].name}), the limit that was exceeded if any, and on decode the byte offset in
 * the message. A failure inside a record's own canonical constructor (its validation) carries that
 * exception as the cause.
 */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and where
     */
    public CodecException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the exception that caused it.
     *
     * @param message what went wrong and where
     * @param cause the underlying exception, may be null
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
