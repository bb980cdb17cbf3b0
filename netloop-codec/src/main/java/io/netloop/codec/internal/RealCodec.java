package io.netloop.codec.internal;

import io.netloop.Delivery;
import io.netloop.Peer;
import io.netloop.SendResult;
import io.netloop.codec.CodecException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What {@link io.netloop.codec.Codec} does: the registered record codecs, the limits and the
 * per-thread workspaces. Immutable after construction, so any number of threads may share it.
 */
public final class RealCodec {
    private final RecordCodec[] byId;
    private final Map<Class<?>, RecordCodec> byType;
    private final Limits limits;
    private final String canonicalText;
    private final byte[] fingerprint;

    /**
     * Builds the codecs of the given records.
     *
     * @param types the records, in type-id order
     * @param limits the bounds on every message
     * @throws IllegalArgumentException naming the first type or field that cannot be encoded
     */
    public RealCodec(List<Class<? extends Record>> types, Limits limits) {
        Registration r = new Registration(types);
        this.byId = r.byId;
        this.byType = Map.copyOf(r.byType);
        this.limits = limits;
        this.canonicalText = Fingerprint.text(byId, r.resolver.enums());
        this.fingerprint = Fingerprint.hash(canonicalText);
    }

    /**
     * Checks a type before a builder adds it.
     *
     * @param type the class passed to register
     * @param registered the types registered so far
     * @throws IllegalArgumentException if it is null, not a record, or already registered
     */
    public static void check(Class<?> type, List<Class<? extends Record>> registered) {
        Registration.check(type, registered);
    }

    /**
     * Encodes a message into a new array.
     *
     * @param message not null
     * @return the bytes
     */
    public byte[] encode(Record message) {
        RecordCodec codec = codecOf(message);
        Workspace w = Workspace.acquire();
        try {
            write(w.writer, codec, message);
            return Arrays.copyOf(w.writer.array(), w.writer.size());
        } finally {
            w.writer.reset();
            w.release();
        }
    }

    /**
     * Encodes a message into this thread's buffer and queues it on a peer, which copies it.
     *
     * @return what the peer did with it
     */
    public SendResult send(Peer peer, int channel, Record message, Delivery delivery) {
        RecordCodec codec = codecOf(message);
        Workspace w = Workspace.acquire();
        try {
            write(w.writer, codec, message);
            return peer.send(channel, w.writer.array(), 0, w.writer.size(), delivery);
        } finally {
            w.writer.reset();
            w.release();
        }
    }

    /**
     * Decodes one message that fills {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param expected the type the caller wants, or null for any registered type
     */
    public Record decode(byte[] bytes, int offset, int length, Class<?> expected) {
        Workspace w = Workspace.acquire();
        try {
            return read(w.reader, bytes, offset, length, expected);
        } finally {
            w.release();
        }
    }

    /**
     * Decodes the remaining bytes of a buffer, leaving its position alone. Heap buffers are read in
     * place; others (the core's lent direct buffers) are first copied into this thread's array.
     *
     * @param expected the type the caller wants, or null for any registered type
     */
    public Record decode(ByteBuffer buffer, Class<?> expected) {
        int n = buffer.remaining();
        if (buffer.hasArray()) {
            return decode(buffer.array(), buffer.arrayOffset() + buffer.position(), n, expected);
        }
        Workspace w = Workspace.acquire();
        try {
            byte[] copy = w.input(n);
            buffer.get(buffer.position(), copy, 0, n);
            return read(w.reader, copy, 0, n, expected);
        } finally {
            w.release();
        }
    }

    /**
     * Whether a type is registered here.
     *
     * @param type any class
     * @return true if it has a type id
     */
    public boolean isRegistered(Class<?> type) {
        return byType.containsKey(type);
    }

    /** @return the registered records in type-id order, a new list */
    public List<Class<? extends Record>> types() {
        List<Class<? extends Record>> types = new ArrayList<>(byId.length);
        for (RecordCodec r : byId) {
            types.add(r.type);
        }
        return List.copyOf(types);
    }

    /** @return the 16-byte fingerprint, a copy */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** @return the canonical text the fingerprint hashes */
    public String canonicalText() {
        return canonicalText;
    }

    private RecordCodec codecOf(Record message) {
        RecordCodec codec = byType.get(message.getClass());
        if (codec == null) {
            throw new CodecException("Cannot encode " + message.getClass().getName()
                    + ": it is not registered with this codec; add it to Codec.builder().register(...)");
        }
        return codec;
    }

    private void write(Writer out, RecordCodec codec, Record message) {
        out.begin(limits);
        try {
            codec.writeMessage(out, message);
        } catch (Failure f) {
            throw new CodecException("Cannot encode " + codec.name + f.path() + ": " + f.reason(), f.getCause());
        } finally {
            out.finish();
        }
    }

    private Record read(Reader in, byte[] bytes, int offset, int length, Class<?> expected) {
        RecordCodec codec = null;
        try {
            in.begin(bytes, offset, length, limits);
            int n = in.arrayHeader("the message [typeId, fields...]");
            if (n == 0) {
                throw in.fail("the message is an empty array; expected [typeId, fields...]");
            }
            long id = in.integer(Long.MIN_VALUE, Long.MAX_VALUE, "the type id");
            if (id < 0 || id >= byId.length) {
                throw in.fail("unknown type id " + id + " (this codec knows 0.." + (byId.length - 1) + ")");
            }
            codec = byId[(int) id];
            if (expected != null && codec.type != expected) {
                throw in.fail("expected " + expected.getSimpleName() + " but the message is type id " + id);
            }
            Record message = codec.readFields(in, n - 1);
            in.exit();
            in.end();
            return message;
        } catch (Failure f) {
            String where = codec == null ? "message" : codec.name + f.path();
            throw new CodecException(
                    "Cannot decode " + where + ": " + f.reason() + " (at byte " + f.position() + " of " + length + ")",
                    f.getCause());
        } finally {
            in.clear();
        }
    }
}
