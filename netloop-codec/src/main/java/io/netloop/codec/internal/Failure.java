package io.netloop.codec.internal;

import java.util.ArrayDeque;

/**
 * Why a message could not be encoded or decoded, thrown inside the field codecs and turned into a
 * {@link io.netloop.codec.CodecException} at the top. Each container it unwinds through adds its
 * part of the field path, so the path costs nothing unless something fails. It carries no stack
 * trace: it is an expected outcome for hostile input, and filling one in would cost more than the
 * decode.
 */
final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ArrayDeque<String> path = new ArrayDeque<>();
    private final long position;

    /**
     * @param reason what went wrong, e.g. "string of 70000 bytes exceeds maxStringBytes 65536"
     * @param position the byte offset in the input where it was noticed, or -1 when encoding
     * @param cause the underlying exception, or null
     */
    Failure(String reason, long position, Throwable cause) {
        super(reason, cause, false, false);
        this.position = position;
    }

    /** Adds the next outer part of the path: {@code ".name"} for a field, {@code "[3]"} for an element. */
    Failure at(String segment) {
        path.addFirst(segment);
        return this;
    }

    /** Adds the index of a list, set or array element. */
    Failure at(int index) {
        return at("[" + index + "]");
    }

    /** The field path below the message type, e.g. {@code ".players[3].name"}; empty at the top. */
    String path() {
        return String.join("", path);
    }

    /** The byte offset where decoding failed, or -1. */
    long position() {
        return position;
    }

    /** The reason without the path. */
    String reason() {
        return getMessage();
    }
}
