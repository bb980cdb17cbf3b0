package io.netloop.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Hand-made MessagePack, for inputs the codec itself would never write. */
final class Wire {
    private final MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();

    /** Raw bytes, e.g. a header: {@code raw(0xdd, 0xff, 0xff, 0xff, 0xff)}. */
    Wire raw(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return run(() -> packer.writePayload(b));
    }

    Wire array(int n) {
        return run(() -> packer.packArrayHeader(n));
    }

    Wire map(int n) {
        return run(() -> packer.packMapHeader(n));
    }

    Wire integer(long v) {
        return run(() -> packer.packLong(v));
    }

    Wire str(String s) {
        return run(() -> packer.packString(s));
    }

    Wire nil() {
        return run(packer::packNil);
    }

    Wire bool(boolean b) {
        return run(() -> packer.packBoolean(b));
    }

    Wire float64(double d) {
        return run(() -> packer.packDouble(d));
    }

    byte[] bytes() {
        return packer.toByteArray();
    }

    private interface Step {
        void run() throws IOException;
    }

    private Wire run(Step step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
