package io.netloop.codec.internal;

import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Where a per-thread {@link org.msgpack.core.MessagePacker} writes: one growable array, kept from
 * message to message, so encoding a message allocates nothing but its result. msgpack-core's own
 * {@code ArrayBufferOutput} drops its buffers on {@code clear()} and slices new ones each time.
 *
 * <p>The packer asks for a buffer with {@link #next}, fills it, and hands back how much it wrote
 * with {@link #writeBuffer}; each message ends with the packer's {@code flush()}.
 */
final class GrowableOutput implements MessageBufferOutput {
    private static final int INITIAL = 4096;
    /** Larger arrays are dropped after the message, so one huge message does not pin memory per thread. */
    private static final int RETAINED = 256 * 1024;

    private byte[] array = new byte[INITIAL];
    private MessageBuffer whole = MessageBuffer.wrap(array);
    private int size;

    @Override
    public MessageBuffer next(int minimumSize) {
        ensure(minimumSize);
        // The common case, a message that fits the array: hand out the same wrapper every time.
        return size == 0 ? whole : MessageBuffer.wrap(array, size, array.length - size);
    }

    @Override
    public void writeBuffer(int length) {
        size += length;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        ensure(length);
        System.arraycopy(buffer, offset, array, size, length);
        size += length;
    }

    @Override
    public void add(byte[] buffer, int offset, int length) {
        write(buffer, offset, length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** The array holding the encoded bytes from 0 to {@link #size()}; valid until {@link #reset()}. */
    byte[] array() {
        return array;
    }

    /** How many bytes are written, once the packer is flushed. */
    int size() {
        return size;
    }

    /** Forgets the written bytes, ready for the next message. */
    void reset() {
        size = 0;
        if (array.length > RETAINED) {
            array = new byte[INITIAL];
            whole = MessageBuffer.wrap(array);
        }
    }

    private void ensure(int free) {
        if (array.length - size >= free) {
            return;
        }
        long wanted = Math.max(2L * array.length, (long) size + free);
        if (wanted > Integer.MAX_VALUE - 8) {
            throw new Failure("the message is larger than a Java array can hold", -1, null);
        }
        array = Arrays.copyOf(array, (int) wanted);
        whole = MessageBuffer.wrap(array);
    }
}
