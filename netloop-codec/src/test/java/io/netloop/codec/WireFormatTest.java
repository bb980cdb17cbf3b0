package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.codec.Messages.Blob;
import io.netloop.codec.Messages.Boxes;
import io.netloop.codec.Messages.Chat;
import io.netloop.codec.Messages.Dir;
import io.netloop.codec.Messages.Item;
import io.netloop.codec.Messages.Player;
import io.netloop.codec.Messages.PrimArrays;
import io.netloop.codec.Messages.Prims;
import io.netloop.codec.Messages.Snapshot;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import org.msgpack.value.ValueType;

/** The mapping of docs/PROTOCOL.md, checked with msgpack-core's generic reader and writer. */
class WireFormatTest {
    private final Codec codec = Messages.codec();

    private static ArrayValue generic(byte[] bytes) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            Value v = u.unpackValue();
            assertThat(u.hasNext()).as("one value only").isFalse();
            return v.asArrayValue();
        }
    }

    private static int typeId(Class<?> type) {
        return Messages.codec().types().indexOf(type);
    }

    @Test
    void aMessageIsAnArrayOfTypeIdThenFieldsInOrder() throws IOException {
        ArrayValue chat = generic(codec.encode(new Chat("ann", "hi")));
        assertThat(chat.list())
                .containsExactly(
                        ValueFactory.newInteger(typeId(Chat.class)),
                        ValueFactory.newString("ann"),
                        ValueFactory.newString("hi"));
    }

    @Test
    void scalarsMapToTheirMessagePackTypes() throws IOException {
        ArrayValue p = generic(codec.encode(new Prims(true, (byte) -1, (short) 300, 'A', -5, 1L << 40, 1.5f, 2.5)));
        assertThat(p.get(1).getValueType()).isEqualTo(ValueType.BOOLEAN);
        assertThat(p.get(2).asIntegerValue().asLong()).isEqualTo(-1);
        assertThat(p.get(3).asIntegerValue().asLong()).isEqualTo(300);
        assertThat(p.get(4).asIntegerValue().asLong()).isEqualTo(65);
        assertThat(p.get(6).asIntegerValue().asLong()).isEqualTo(1L << 40);
        assertThat(p.get(7).asFloatValue().toFloat()).isEqualTo(1.5f);
        assertThat(p.get(8).asFloatValue().toDouble()).isEqualTo(2.5);

        byte[] bytes = codec.encode(new Prims(true, (byte) 0, (short) 0, 'a', 0, 0, 1.5f, 2.5));
        // float is a float32 (0xca + 4 bytes), double a float64 (0xcb + 8 bytes): 8 + 5 + 9 bytes.
        assertThat(bytes).hasSize(22);
        assertThat(bytes[bytes.length - 14] & 0xff).isEqualTo(0xca);
        assertThat(bytes[bytes.length - 9] & 0xff).isEqualTo(0xcb);
    }

    @Test
    void nullFieldsAreNilBinIsBinEnumsAreOrdinals() throws IOException {
        ArrayValue boxes = generic(codec.encode(new Boxes(null, null, null, null, 7, null, null, null)));
        assertThat(boxes.get(1).isNilValue()).isTrue();
        assertThat(boxes.get(5).asIntegerValue().asInt()).isEqualTo(7);

        ArrayValue blob = generic(codec.encode(new Blob("é", new byte[] {1, 2})));
        assertThat(blob.get(1).asStringValue().asByteArray()).containsExactly(0xc3, 0xa9);
        assertThat(blob.get(2).getValueType()).isEqualTo(ValueType.BINARY);
        assertThat(blob.get(2).asBinaryValue().asByteArray()).containsExactly(1, 2);

        ArrayValue arrays = generic(codec.encode(new PrimArrays(
                new boolean[] {true},
                new short[] {1},
                new char[] {'b'},
                new int[] {2},
                new long[] {3},
                new float[] {4f},
                new double[] {5.0})));
        assertThat(arrays.get(3).asArrayValue().get(0).asIntegerValue().asInt()).isEqualTo('b');
        assertThat(arrays.get(6).asArrayValue().get(0).isFloatValue()).isTrue();
    }

    @Test
    void nestedRecordsAreArraysWithoutTypeIdCollectionsArraysAndMaps() throws IOException {
        Map<String, List<Item>> inventories = new LinkedHashMap<>();
        inventories.put("ann", List.of(new Item("sword", 1)));
        Snapshot s = new Snapshot(
                9,
                List.of(new Player("ann", 100, Optional.of(Dir.SOUTH)), new Player("bob", 5, Optional.empty())),
                inventories,
                Set.of(Dir.WEST),
                Optional.empty(),
                Dir.EAST);
        ArrayValue m = generic(codec.encode(s));
        assertThat(m.size()).isEqualTo(7);
        assertThat(m.get(0).asIntegerValue().asInt()).isEqualTo(typeId(Snapshot.class));
        assertThat(m.get(1).asIntegerValue().asInt()).isEqualTo(9);
        ArrayValue players = m.get(2).asArrayValue();
        assertThat(players.get(0).asArrayValue().list())
                .containsExactly(
                        ValueFactory.newString("ann"), ValueFactory.newInteger(100), ValueFactory.newInteger(2));
        assertThat(players.get(1).asArrayValue().get(2).isNilValue()).isTrue();
        MapValue inv = m.get(3).asMapValue();
        Value items = inv.map().get(ValueFactory.newString("ann"));
        assertThat(items.asArrayValue().get(0).asArrayValue().list())
                .containsExactly(ValueFactory.newString("sword"), ValueFactory.newInteger(1));
        assertThat(m.get(4).asArrayValue().list()).containsExactly(ValueFactory.newInteger(3));
        assertThat(m.get(5).isNilValue()).isTrue();
        assertThat(m.get(6).asIntegerValue().asInt()).isEqualTo(1);
    }

    /** What a Python or JavaScript peer writes: every number a float64, or an int when it is whole. */
    @Test
    void floatFieldsAcceptAnyNumberAsAJavaCastWould() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packArrayHeader(9).packInt(typeId(Prims.class)).packBoolean(false);
        p.packInt(1).packInt(2).packInt(3).packInt(4).packLong(5);
        p.packDouble(0.1); // float64 into float: rounded
        p.packLong(1L << 60); // int into double
        Prims prims = codec.decode(p.toByteArray(), Prims.class);
        assertThat(prims.f()).isEqualTo(0.1f);
        assertThat(prims.d()).isEqualTo(0x1p60);

        p.clear();
        p.packArrayHeader(9).packInt(typeId(Prims.class)).packBoolean(false);
        p.packInt(1).packInt(2).packInt(3).packInt(4).packLong(5);
        p.packInt(16_777_217); // int into float: rounded to 16777216
        p.packBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)); // uint64 max
        prims = codec.decode(p.toByteArray(), Prims.class);
        assertThat(prims.f()).isEqualTo(16_777_216f);
        assertThat(prims.d()).isEqualTo(0x1p64);

        p.clear();
        p.packArrayHeader(9).packInt(typeId(Prims.class)).packBoolean(false);
        p.packInt(1).packInt(2).packInt(3).packInt(4).packLong(5);
        p.packDouble(1e300); // too large for float
        p.packFloat(0.5f); // float32 into double
        byte[] tooLarge = p.toByteArray();
        assertThatThrownBy(() -> codec.decode(tooLarge))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Prims.f: float64 1.0E300 is out of range for float");
    }

    @Test
    void integerFieldsAcceptAnyWidthButNoFloats() throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        // msgpack-core picks the smallest encoding; write wide ones by hand: uint64 5, int32 -1 ...
        p.packArrayHeader(9).packInt(typeId(Prims.class)).packBoolean(true);
        p.addPayload(new byte[] {(byte) 0xcf, 0, 0, 0, 0, 0, 0, 0, 5}); // byte from a uint64
        p.addPayload(new byte[] {(byte) 0xd2, -1, -1, -1, -1}); // short from an int32
        p.packInt(0xffff).packInt(-1).packLong(Long.MIN_VALUE).packFloat(1f).packDouble(2);
        Prims prims = codec.decode(p.toByteArray(), Prims.class);
        assertThat(prims).isEqualTo(new Prims(true, (byte) 5, (short) -1, '\uffff', -1, Long.MIN_VALUE, 1f, 2));

        p.clear();
        p.packArrayHeader(9).packInt(typeId(Prims.class)).packBoolean(true);
        p.packDouble(1.0);
        byte[] floatForByte = p.toByteArray();
        assertThatThrownBy(() -> codec.decode(floatForByte))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Prims.b: expected int for byte, found float");
    }
}
