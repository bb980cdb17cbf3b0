package io.netloop.codec.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.value.ValueType;

/**
 * The decoding side of one message: msgpack-core's unpacker reset onto the input, with every
 * header checked against the limits and against the bytes that remain before anything is
 * allocated. Every msgpack-core exception becomes a {@link Failure}. One per thread (see {@link
 * Workspace}); not thread-safe.
 */
final class Reader {
    /** Strings up to this many bytes are decoded from {@link #text}, larger ones from a new array. */
    private static final int SCRATCH_BYTES = 64 * 1024;

    private final ArrayBufferInput input = new ArrayBufferInput(new byte[0]);
    private final MessageUnpacker unpacker = new MessagePack.UnpackerConfig()
            .withAllowReadingBinaryAsString(false)
            .withAllowReadingStringAsBinary(false)
            .newUnpacker(input);
    private byte[] text = new byte[256];
    private Limits limits;
    private int length;
    private int depth;
    /**
     * The least bytes still due to the elements of open lists, sets and maps that have not begun:
     * the bytes a nested claim can have, so that containers opened inside each other cannot all
     * claim, and allocate for, the same remaining bytes.
     */
    private long owed;

    /** Starts reading {@code length} bytes of {@code bytes} from {@code offset}. */
    void begin(byte[] bytes, int offset, int length, Limits limits) {
        input.reset(bytes, offset, length);
        try {
            unpacker.reset(input);
        } catch (IOException e) {
            throw wrap(e);
        }
        this.limits = limits;
        this.length = length;
        this.depth = 0;
        this.owed = 0;
    }

    /** Drops the input, so that this thread's reader does not keep the caller's array reachable. */
    void clear() {
        input.reset((MessageBuffer) null);
        try {
            unpacker.reset(input);
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    /** Records that the elements of a container just opened need at least {@code bytes} more bytes. */
    void owe(long bytes) {
        owed += bytes;
    }

    /** Records that an element of an open container, owed {@code bytes}, begins. */
    void pay(int bytes) {
        owed -= bytes;
    }

    /** Fails unless the whole input was read. */
    void end() {
        long left = remaining();
        if (left > 0) {
            throw fail(left + " trailing bytes after the message");
        }
    }

    /** Consumes a nil if one is next. */
    boolean tryNil() {
        try {
            return unpacker.tryUnpackNil();
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
    }

    boolean bool() {
        expect(ValueType.BOOLEAN, "bool", "boolean");
        try {
            return unpacker.unpackBoolean();
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
    }

    /** Reads an int of any MessagePack width and checks it lies in {@code [min, max]}. */
    long integer(long min, long max, String type) {
        expect(ValueType.INTEGER, "int", type);
        long value;
        try {
            value = unpacker.unpackLong();
        } catch (MessageIntegerOverflowException e) {
            throw fail("integer " + e.getBigInteger() + " is out of range for " + type);
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
        if (value < min || value > max) {
            throw fail("integer " + value + " is out of range for " + type + " (" + min + ".." + max + ")");
        }
        return value;
    }

    /** Reads a float64, a float32 (widened) or an int (rounded to nearest, as a Java cast does). */
    double float64() {
        MessageFormat format = format();
        try {
            if (Formats.typeOf(format) == ValueType.FLOAT) {
                return unpacker.unpackDouble();
            }
            if (Formats.typeOf(format) == ValueType.INTEGER) {
                return format == MessageFormat.UINT64
                        ? unpacker.unpackBigInteger().doubleValue()
                        : unpacker.unpackLong();
            }
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
        throw mismatch("float or int for double", format);
    }

    /** Reads a float32, a float64 (rounded) or an int (rounded); refuses a finite float64 beyond float's range. */
    float float32() {
        MessageFormat format = format();
        try {
            if (format == MessageFormat.FLOAT32) {
                return unpacker.unpackFloat();
            }
            if (format == MessageFormat.FLOAT64) {
                double d = unpacker.unpackDouble();
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw fail("float64 " + d + " is out of range for float");
                }
                return f;
            }
            if (Formats.typeOf(format) == ValueType.INTEGER) {
                return format == MessageFormat.UINT64
                        ? unpacker.unpackBigInteger().floatValue()
                        : unpacker.unpackLong();
            }
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
        throw mismatch("float or int for float", format);
    }

    /** Reads a str of at most maxStringBytes; malformed UTF-8 becomes U+FFFD, as in {@code new String(bytes, UTF_8)}. */
    String string() {
        expect(ValueType.STRING, "str", "String");
        try {
            int n = unpacker.unpackRawStringHeader();
            checkPayload(n, limits.maxStringBytes(), "string", "maxStringBytes");
            if (n == 0) {
                return "";
            }
            byte[] bytes = textBuffer(n);
            unpacker.readPayload(bytes, 0, n);
            return new String(bytes, 0, n, StandardCharsets.UTF_8);
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
    }

    /** Reads a bin of at most maxBinaryBytes into a new array. */
    byte[] binary() {
        expect(ValueType.BINARY, "bin", "byte[]");
        try {
            int n = unpacker.unpackBinaryHeader();
            checkPayload(n, limits.maxBinaryBytes(), "byte[]", "maxBinaryBytes");
            byte[] bytes = new byte[n];
            unpacker.readPayload(bytes, 0, n);
            return bytes;
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
    }

    /** Opens an array of at most maxElements that the remaining bytes can hold; close with {@link #exit()}. */
    int array(String what) {
        int n = arrayHeader(what);
        checkCount(n, 1, what);
        return n;
    }

    /** Opens an array whose size the caller checks itself against a fixed count; close with {@link #exit()}. */
    int arrayHeader(String what) {
        expect(ValueType.ARRAY, "array", what);
        int n;
        try {
            n = unpacker.unpackArrayHeader();
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
        enter();
        return n;
    }

    /** Opens a map of at most maxElements entries that the remaining bytes can hold; close with {@link #exit()}. */
    int map(String what) {
        expect(ValueType.MAP, "map", what);
        int n;
        try {
            n = unpacker.unpackMapHeader();
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
        enter();
        checkCount(n, 2, what);
        return n;
    }

    void exit() {
        depth--;
    }

    /** A failure at the current byte offset. */
    Failure fail(String reason) {
        return new Failure(reason, position(), null);
    }

    /** A failure carrying the exception that caused it. */
    Failure fail(String reason, Throwable cause) {
        return new Failure(reason, position(), cause);
    }

    private void enter() {
        if (++depth > limits.maxDepth()) {
            throw fail("nesting deeper than maxDepth " + limits.maxDepth());
        }
    }

    private void checkCount(int n, int bytesEach, String what) {
        if (n > limits.maxElements()) {
            throw fail(what + " of " + n + " elements exceeds maxElements " + limits.maxElements());
        }
        if ((long) n * bytesEach > available()) {
            throw fail(what + " claims " + n + " elements but only " + available() + " bytes remain");
        }
    }

    private void checkPayload(int n, int max, String what, String limit) {
        if (n > max) {
            throw fail(what + " of " + n + " bytes exceeds " + limit + " " + max);
        }
        if (n > available()) {
            throw fail(what + " claims " + n + " bytes but only " + available() + " remain");
        }
    }

    private byte[] textBuffer(int n) {
        if (n <= text.length) {
            return text;
        }
        if (n > SCRATCH_BYTES) {
            return new byte[n];
        }
        text = new byte[Math.min(SCRATCH_BYTES, Math.max(n, 2 * text.length))];
        return text;
    }

    /** Fails unless the next value is of {@code type}; the strings only make the message, so they are constants. */
    private void expect(ValueType type, String format, String javaType) {
        MessageFormat next = format();
        if (Formats.typeOf(next) != type) {
            throw mismatch(format + " for " + javaType, next);
        }
    }

    private MessageFormat format() {
        try {
            return unpacker.getNextFormat();
        } catch (IOException | MessagePackException e) {
            throw wrap(e);
        }
    }

    private Failure mismatch(String expected, MessageFormat found) {
        return fail("expected " + expected + ", found " + Formats.name(found));
    }

    private long remaining() {
        return length - position();
    }

    /** The bytes left that the enclosing containers' later elements do not need. */
    private long available() {
        return remaining() - owed;
    }

    private long position() {
        return unpacker.getTotalReadBytes();
    }

    private Failure wrap(Exception e) {
        if (e instanceof MessageInsufficientBufferException) {
            return fail("the message is truncated", e);
        }
        if (e instanceof MessageSizeException size) {
            return fail("a length header of " + size.getSize() + " is larger than any limit", e);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return fail("malformed MessagePack: " + detail, e);
    }
}
