package io.netloop.codec;

import io.netloop.Delivery;
import io.netloop.Host;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import io.netloop.codec.internal.Limits;
import io.netloop.codec.internal.RealCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Typed messages: turns registered Java records into MessagePack bytes and back.
 *
 * <pre>{@code
 * record Chat(String from, String text) {}
 * record Move(int x, int y) {}
 *
 * Codec codec = Codec.builder().register(Chat.class, Move.class).build();
 * codec.send(server, 0, new Chat("ann", "hi"), Delivery.RELIABLE);
 * ...
 * case DATA -> {
 *     try {
 *         Record m = codec.decode(e);
 *         if (m instanceof Chat c) {
 *             show(c);
 *         } else if (m instanceof Move mv) {
 *             move(e.peer(), mv.x(), mv.y());
 *         }
 *     } catch (CodecException bad) {
 *         e.peer().close();               // a peer that sends nonsense
 *     }
 * }
 * }</pre>
 *
 * <p><b>Why not Java serialization.</b> Deserializing lets the sender pick which classes get loaded
 * and instantiated, the root of a long list of remote-code-execution bugs. This codec only ever
 * builds the records registered with it, through their canonical constructors (so their validation
 * runs); it never loads a class by a name from the network. Every size on the wire is checked
 * against a limit and against the bytes actually present before anything is allocated.
 *
 * <p><b>Wire format.</b> A message is one MessagePack array {@code [typeId, field1, field2, ...]},
 * fields in record component order; type ids are the registration order, from 0. Both peers must
 * register the same types in the same order: compare {@link #fingerprint()}s to check. The full
 * mapping is in the project's docs/PROTOCOL.md, so that peers in other languages can use a stock
 * MessagePack library.
 *
 * <p><b>Threading.</b> Immutable and thread-safe: share one instance. Each thread reuses its own
 * encoding and decoding buffers, so encoding allocates only the returned array ({@link #send}, not
 * even that) and decoding only the message's own objects.
 */
public final class Codec {
    private final RealCodec real;

    private Codec(RealCodec real) {
        this.real = real;
    }

    /**
     * Starts a codec: register the message types, optionally change the limits, then build.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encodes a message.
     *
     * @param message a record of a registered type
     * @return its bytes, a new array
     * @throws CodecException if its type is not registered, a collection holds null, a limit is
     *     exceeded (a cycle shows up as maxDepth), or an accessor threw
     * @throws NullPointerException if {@code message} is null
     */
    public byte[] encode(Record message) {
        return real.encode(Objects.requireNonNull(message, "message"));
    }

    /**
     * Decodes a message that fills the whole array.
     *
     * @param bytes the message; not kept
     * @return the record, of one of the registered types
     * @throws CodecException for any input that is not exactly one valid message; never another
     *     exception, whatever the bytes
     */
    public Record decode(byte[] bytes) {
        return real.decode(bytes, 0, bytes.length, null);
    }

    /**
     * Decodes a message that fills part of an array.
     *
     * @param bytes the array; not kept
     * @param offset where the message starts
     * @param length the message's length in bytes
     * @return the record
     * @throws CodecException for any input that is not exactly one valid message
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit the array
     */
    public Record decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return real.decode(bytes, offset, length, null);
    }

    /**
     * Decodes the remaining bytes of a buffer, without changing its position: the form for the
     * buffer a {@link io.netloop.Listener#onReceive} call lends. Only valid during that call, so
     * decode it there; the record returned shares nothing with the buffer.
     *
     * @param buffer the message, from its position to its limit
     * @return the record
     * @throws CodecException for any input that is not exactly one valid message
     */
    public Record decode(ByteBuffer buffer) {
        return real.decode(buffer, null);
    }

    /**
     * Decodes a message that must be of one type, for a channel that carries only that type.
     *
     * @param bytes the message; not kept
     * @param type the expected record type; must be registered
     * @param <T> the expected type
     * @return the record
     * @throws CodecException if the input is not a valid message, or is one of another type
     * @throws IllegalArgumentException if {@code type} is not registered with this codec
     */
    public <T extends Record> T decode(byte[] bytes, Class<T> type) {
        if (!real.isRegistered(type)) {
            throw new IllegalArgumentException(type.getName() + " is not registered with this codec; register it");
        }
        return type.cast(real.decode(bytes, 0, bytes.length, type));
    }

    /**
     * Decodes the message of a {@link NetEvent.Type#DATA} event.
     *
     * @param event a DATA event
     * @return the record
     * @throws CodecException if the event's data is not a valid message
     * @throws IllegalArgumentException if the event is not a DATA event
     */
    public Record decode(NetEvent event) {
        if (event.type() != NetEvent.Type.DATA) {
            throw new IllegalArgumentException(
                    "decode(NetEvent) takes a DATA event, not " + event.type() + "; check e.type() first");
        }
        return decode(event.data());
    }

    /**
     * Encodes a message and queues it on a peer, without allocating an intermediate array.
     *
     * @param peer where to send it
     * @param channel the channel, from 0 to 255
     * @param message a record of a registered type
     * @param delivery how it travels
     * @return what the peer did with it, as {@link Peer#send(int, byte[], Delivery)}
     * @throws CodecException if the message cannot be encoded (see {@link #encode})
     * @throws IllegalArgumentException if the channel is out of range or the message too large
     */
    public SendResult send(Peer peer, int channel, Record message, Delivery delivery) {
        return real.send(peer, channel, Objects.requireNonNull(message, "message"), delivery);
    }

    /**
     * Encodes a message once and sends it to every connected peer of a host.
     *
     * @param host the host whose peers get it
     * @param channel the channel, from 0 to 255
     * @param message a record of a registered type
     * @param delivery how it travels
     * @return how many peers queued it, as {@link Host#broadcast}
     * @throws CodecException if the message cannot be encoded (see {@link #encode})
     */
    public int broadcast(Host host, int channel, Record message, Delivery delivery) {
        return host.broadcast(channel, encode(message), delivery);
    }

    /**
     * A digest of the registrations, for peers to compare in their handshake: equal fingerprints
     * mean both sides map the same types to the same ids with the same fields. It is the first 16
     * bytes of the SHA-256 of a canonical UTF-8 text, one line each:
     *
     * <pre>
     * netloop-codec 1
     * 0 Chat(String from, String text)
     * 1 Move(int x, int y, Optional&lt;Direction&gt; heading)
     * enum Direction(NORTH, EAST, SOUTH, WEST)
     * </pre>
     *
     * A header; per record in type-id order its id, simple name, and components as {@code type
     * name} separated by ", " (types with simple names: {@code int}, {@code Integer}, {@code
     * byte[]}, {@code Map<String, List<Item>>}); then per enum, in the order the records first use
     * them, its constants in ordinal order. Every line ends with "\n". Packages do not count, so two
     * programs with the same records in different packages agree; limits do not count either.
     *
     * <p>Give it to the handshake, so that two builds whose messages differ refuse each other at
     * connect ("the message set differs between host and client") instead of misreading each
     * other's bytes later:
     *
     * <pre>{@code
     * Net net = Net.open(NetConfig.builder().agreement("message set", codec.fingerprint()).build());
     * }</pre>
     *
     * @return 16 bytes, a new array
     */
    public byte[] fingerprint() {
        return real.fingerprint();
    }

    /**
     * The registered records.
     *
     * @return the types in type-id order, unmodifiable
     */
    public List<Class<? extends Record>> types() {
        return real.types();
    }

    @Override
    public String toString() {
        return "Codec" + types().stream().map(Class::getSimpleName).toList();
    }

    /**
     * Collects the registrations and limits of a {@link Codec}. Not thread-safe; {@link #build()}
     * copies everything, so a builder may be reused.
     */
    public static final class Builder {
        /** The default maxDepth: nested arrays, maps and records in one message, the message included. */
        public static final int DEFAULT_MAX_DEPTH = 32;
        /** The default maxElements: elements of one array, list or set, or entries of one map. */
        public static final int DEFAULT_MAX_ELEMENTS = 65_536;
        /** The default maxStringBytes: UTF-8 bytes of one string. */
        public static final int DEFAULT_MAX_STRING_BYTES = 65_536;
        /** The default maxBinaryBytes: bytes of one {@code byte[]} (1 MiB). */
        public static final int DEFAULT_MAX_BINARY_BYTES = 1 << 20;

        private final List<Class<? extends Record>> types = new ArrayList<>();
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private int maxElements = DEFAULT_MAX_ELEMENTS;
        private int maxStringBytes = DEFAULT_MAX_STRING_BYTES;
        private int maxBinaryBytes = DEFAULT_MAX_BINARY_BYTES;

        private Builder() {}

        /**
         * Registers message types. Type ids follow the order of registration, from 0, so every
         * peer must register the same types in the same order. Records used only as fields of
         * other records must be registered too. Field types are checked in {@link #build()}.
         *
         * @param types record classes; public, or in a package open to {@code io.netloop.codec}
         * @return this builder
         * @throws IllegalArgumentException if a class is null, not a record, or already registered
         */
        @SafeVarargs
        public final Builder register(Class<? extends Record>... types) {
            for (Class<? extends Record> type : types) {
                RealCodec.check(type, this.types);
                this.types.add(type);
            }
            return this;
        }

        /**
         * Sets how deeply arrays, maps and records may nest in one message; the message itself is
         * level 1. Also stops a cyclic structure on encode.
         *
         * @param maxDepth from 1 to 256; default 32
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = checkRange("maxDepth", maxDepth, 1, Limits.DEPTH_CEILING);
            return this;
        }

        /**
         * Sets the most elements of one array, list or set, or entries of one map.
         *
         * @param maxElements at least 0; default 65,536
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxElements(int maxElements) {
            this.maxElements = checkRange("maxElements", maxElements, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the longest string, in UTF-8 bytes (not chars).
         *
         * @param maxStringBytes at least 0; default 65,536
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxStringBytes(int maxStringBytes) {
            this.maxStringBytes = checkRange("maxStringBytes", maxStringBytes, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the longest {@code byte[]}, in bytes.
         *
         * @param maxBinaryBytes at least 0; default 1 MiB
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxBinaryBytes(int maxBinaryBytes) {
            this.maxBinaryBytes = checkRange("maxBinaryBytes", maxBinaryBytes, 0, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Checks every registered record's fields and builds the codec. Accessors and canonical
         * constructors are resolved here, once, into method handles.
         *
         * @return an immutable codec
         * @throws IllegalArgumentException if nothing is registered, or naming the first field
         *     whose type is not supported ({@code Record.field: ...; use ...}), or a record the
         *     module system keeps the codec from reaching
         */
        public Codec build() {
            Limits limits = new Limits(maxDepth, maxElements, maxStringBytes, maxBinaryBytes);
            return new Codec(new RealCodec(List.copyOf(types), limits));
        }

        private static int checkRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
            }
            return value;
        }
    }
}
