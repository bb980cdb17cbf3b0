package io.netloop.codec.internal;

/**
 * The bounds a codec enforces on every message, checked before anything is allocated.
 *
 * @param maxDepth the most nested arrays, maps and records in one message, counting the message
 * @param maxElements the most elements in one array, list or set, or entries in one map
 * @param maxStringBytes the longest string, in UTF-8 bytes
 * @param maxBinaryBytes the longest {@code byte[]}, in bytes
 */
public record Limits(int maxDepth, int maxElements, int maxStringBytes, int maxBinaryBytes) {
    /** The highest maxDepth accepted: recursion per level is a few frames, so this keeps far from the stack's end. */
    public static final int DEPTH_CEILING = 256;
}
