package io.netloop.codec.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The encoding side of one message: msgpack-core's packer over a reused {@link GrowableOutput},
 * plus the limits and the nesting depth. One per thread (see {@link Workspace}); not thread-safe.
 */
final class Writer {
    /** Strings up to this many chars are encoded into {@link #text} instead of a new array. */
    private static final int SCRATCH_CHARS = 8192;

    private final GrowableOutput output = new GrowableOutput();
    private final MessagePacker packer = MessagePack.newDefaultPacker(output);
    private byte[] text = new byte[256];
    private Limits limits;
    private int depth;

    /** Starts a message. */
    void begin(Limits limits) {
        this.limits = limits;
        this.depth = 0;
    }

    /** Ends a message, successful or not: after this {@link #array()} holds it, up to {@link #size()}. */
    void finish() {
        try {
            packer.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    byte[] array() {
        return output.array();
    }

    int size() {
        return output.size();
    }

    /** Forgets the message, ready for the next; call after {@link #finish()}. */
    void reset() {
        output.reset();
    }

    void nil() {
        try {
            packer.packNil();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void bool(boolean value) {
        try {
            packer.packBoolean(value);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void integer(int value) {
        try {
            packer.packInt(value);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void integer(long value) {
        try {
            packer.packLong(value);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void float32(float value) {
        try {
            packer.packFloat(value);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void float64(double value) {
        try {
            packer.packDouble(value);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Writes a str; lone surrogates become '?', as in {@code String.getBytes(UTF_8)}. */
    void string(String value) {
        int chars = value.length();
        int max = limits.maxStringBytes();
        if (chars > max) { // every char takes at least one UTF-8 byte
            throw tooLong("string", chars + "+", max, "maxStringBytes");
        }
        byte[] bytes;
        int length;
        if (chars <= SCRATCH_CHARS) {
            if (text.length < 3 * chars) {
                text = new byte[3 * SCRATCH_CHARS];
            }
            bytes = text;
            length = Utf8.encode(value, bytes);
        } else {
            bytes = value.getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
        }
        if (length > max) {
            throw tooLong("string", String.valueOf(length), max, "maxStringBytes");
        }
        try {
            packer.packRawStringHeader(length);
            packer.writePayload(bytes, 0, length);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    void binary(byte[] value) {
        if (value.length > limits.maxBinaryBytes()) {
            throw tooLong("byte[]", String.valueOf(value.length), limits.maxBinaryBytes(), "maxBinaryBytes");
        }
        try {
            packer.packBinaryHeader(value.length);
            packer.writePayload(value);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Opens an array of {@code size} elements, one level deeper; close it with {@link #exit()}. */
    void array(int size) {
        enter(size);
        try {
            packer.packArrayHeader(size);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Opens a record's array; its size is fixed by the type, so only the depth is checked. */
    void record(int fields) {
        enter(0);
        try {
            packer.packArrayHeader(fields);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Opens a map of {@code size} entries, one level deeper; close it with {@link #exit()}. */
    void map(int size) {
        enter(size);
        try {
            packer.packMapHeader(size);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Closes the innermost array or map. */
    void exit() {
        depth--;
    }

    /** A failure at the current point of the message, for the field codecs. */
    static Failure fail(String reason) {
        return new Failure(reason, -1, null);
    }

    private void enter(int size) {
        if (size > limits.maxElements()) {
            throw fail(size + " elements exceed maxElements " + limits.maxElements());
        }
        if (++depth > limits.maxDepth()) {
            throw fail("nesting deeper than maxDepth " + limits.maxDepth() + " (a cycle?)");
        }
    }

    private static Failure tooLong(String what, String length, int max, String limit) {
        return fail(what + " of " + length + " bytes exceeds " + limit + " " + max);
    }

    private static Failure failed(IOException e) {
        return new Failure("could not write: " + e, -1, e);
    }
}
