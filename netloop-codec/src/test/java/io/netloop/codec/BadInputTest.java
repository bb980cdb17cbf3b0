package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.codec.Messages.Chat;
import io.netloop.codec.Messages.Move;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Decoding type-confused, truncated and malformed input: a CodecException that says what and where. */
class BadInputTest {
    static final int CHAT = 0;
    static final int MOVE = 1;
    static final int PRIMS = 3;
    static final int NODE = 7;
    static final int ITEM = 8;
    static final int SNAPSHOT = 10;

    private final Codec codec = Messages.codec();

    private AbstractThrowableAssert<?, ?> refused(byte[] bytes) {
        return assertThatThrownBy(() -> codec.decode(bytes)).isExactlyInstanceOf(CodecException.class);
    }

    /** A Snapshot whose fields are all valid except the ones the caller overrides, as raw bytes after the id. */
    private static Wire snapshot() {
        return new Wire().array(7).integer(SNAPSHOT).integer(1).array(0).map(0);
    }

    @Test
    void emptyAndNonArrayInput() {
        refused(new byte[0]).hasMessage("Cannot decode message: the message is truncated (at byte 0 of 0)");
        refused(new Wire().str("hi").bytes())
                .hasMessageContaining("Cannot decode message: expected array for the message [typeId, fields...],"
                        + " found str (at byte 0 of 3)");
        refused(new Wire().array(0).bytes()).hasMessageContaining("the message is an empty array");
        refused(new Wire().raw(0xc1).bytes()).hasMessageContaining("found the never-used byte 0xc1");
        refused(new Wire()
                        .array(9)
                        .integer(PRIMS)
                        .bool(true)
                        .integer(1)
                        .integer(2)
                        .integer(3)
                        .integer(4)
                        .integer(5)
                        .raw(0xc1)
                        .float64(1)
                        .bytes())
                .hasMessageContaining("Prims.f: expected float or int for float, found the never-used byte 0xc1");
    }

    @Test
    void unknownNegativeOrMistypedTypeIds() {
        refused(new Wire().array(1).integer(99).bytes())
                .hasMessageContaining("Cannot decode message: unknown type id 99 (this codec knows 0..11)");
        refused(new Wire().array(1).integer(-1).bytes()).hasMessageContaining("unknown type id -1");
        refused(new Wire()
                        .array(1)
                        .raw(0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
                        .bytes())
                .hasMessageContaining("integer 18446744073709551615 is out of range for the type id");
        refused(new Wire().array(2).str("Chat").nil().bytes())
                .hasMessageContaining("expected int for the type id, found str");
    }

    @Test
    void wrongFieldCounts() {
        refused(new Wire().array(2).integer(CHAT).str("ann").bytes())
                .hasMessageContaining("Cannot decode Chat: record Chat has 2 fields but 1 arrived");
        refused(new Wire().array(4).integer(CHAT).str("a").str("b").str("c").bytes())
                .hasMessageContaining("record Chat has 2 fields but 3 arrived");
        refused(snapshot()
                        .raw(0x90)
                        .array(3)
                        .str("x")
                        .integer(1)
                        .integer(2)
                        .integer(0)
                        .bytes())
                .hasMessageContaining("Cannot decode Snapshot.held: record Item has 2 fields but 3 arrived");
    }

    @Test
    void typeConfusion() {
        refused(new Wire().array(3).integer(MOVE).str("x").integer(1).bytes())
                .hasMessageContaining("Cannot decode Move.x: expected int for int, found str (at byte 2 of 5)");
        refused(new Wire().array(3).integer(MOVE).integer(1).nil().bytes())
                .hasMessageContaining("Move.y: expected int for int, found nil");
        refused(new Wire().array(3).integer(CHAT).integer(5).str("b").bytes())
                .hasMessageContaining("Chat.from: expected str for String, found int");
        refused(snapshot().raw(0x90).map(0).integer(0).bytes())
                .hasMessageContaining("Snapshot.held: expected array for record Item, found map");
        refused(new Wire().array(3).integer(MOVE).raw(0xd4, 1, 0).integer(1).bytes())
                .hasMessageContaining("Move.x: expected int for int, found ext");
    }

    @Test
    void outOfRangeValues() {
        refused(new Wire().array(9).integer(PRIMS).bool(true).integer(300).bytes())
                .hasMessageContaining("Prims.b: integer 300 is out of range for byte (-128..127)");
        refused(snapshot().raw(0x90).nil().integer(4).bytes())
                .hasMessageContaining("Snapshot.wind: integer 4 is out of range for enum Dir (0..3)");
        refused(snapshot().raw(0x91, 9).nil().integer(0).bytes())
                .hasMessageContaining("Snapshot.dirs[0]: integer 9 is out of range for enum Dir");
    }

    @Test
    void nilInsideCollectionsAndDuplicates() {
        refused(new Wire().array(3).integer(NODE).str("n").array(1).nil().bytes())
                .hasMessageContaining("Node.children[0]: expected array for record Node, found nil");
        refused(snapshot().raw(0x92, 1, 1).nil().integer(0).bytes())
                .hasMessageContaining("Snapshot.dirs[1]: duplicate element in a Set");
        byte[] twoKeys = new Wire()
                .array(7)
                .integer(SNAPSHOT)
                .integer(1)
                .array(0)
                .map(2)
                .str("a")
                .array(0)
                .str("a")
                .array(0)
                .array(0)
                .nil()
                .integer(0)
                .bytes();
        refused(twoKeys).hasMessageContaining("Snapshot.inventories[1].key: duplicate key in a Map");
    }

    @Test
    void truncatedAndTrailingBytes() {
        byte[] chat = codec.encode(new Chat("ann", "hello"));
        for (int n = 0; n < chat.length; n++) {
            refused(Arrays.copyOf(chat, n)).hasMessageMatching("Cannot decode .*(truncated|remain).*");
        }
        refused(Arrays.copyOf(chat, chat.length + 1))
                .hasMessageContaining("Cannot decode Chat: 1 trailing bytes after the message");
    }

    @Test
    void constructorValidationBecomesACodecExceptionWithTheCause() {
        refused(new Wire().array(3).integer(ITEM).str("sword").integer(-1).bytes())
                .hasMessageContaining("Cannot decode Item: the constructor of Item rejected the values:"
                        + " java.lang.IllegalArgumentException: qty -1 < 0")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        refused(snapshot().raw(0x90).array(2).str("x").integer(-1).integer(0).bytes())
                .hasMessageContaining("Cannot decode Snapshot.held: the constructor of Item rejected");
    }

    @Test
    void malformedUtf8IsReplacedNotRefused() {
        Chat c = (Chat) codec.decode(
                new Wire().array(3).integer(CHAT).raw(0xa2, 0xc3, 0x28).str("").bytes());
        assertThat(c.from()).isEqualTo("\ufffd(");
    }

    @Test
    void decodeOfOneTypeRefusesAnother() {
        byte[] move = codec.encode(new Move(1, 2));
        assertThatThrownBy(() -> codec.decode(move, Chat.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Cannot decode Move: expected Chat but the message is type id 1");
        assertThat(codec.decode(move, Move.class)).isEqualTo(new Move(1, 2));
        record Stranger(int x) {}
        assertThatThrownBy(() -> codec.decode(move, Stranger.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not registered with this codec");
    }

    @Test
    void decodeTakesOnlyDataEvents() {
        Peer peer = (Peer)
                Proxy.newProxyInstance(Peer.class.getClassLoader(), new Class<?>[] {Peer.class}, (p, m, a) -> null);
        assertThat(codec.decode(NetEvent.data(peer, 3, codec.encode(new Move(5, 6)), 0)))
                .isEqualTo(new Move(5, 6));
        assertThatThrownBy(() -> codec.decode(NetEvent.connected(peer)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes a DATA event, not CONNECTED");
        assertThatThrownBy(() -> codec.decode(NetEvent.data(peer, 3, new byte[] {1}, 0)))
                .isInstanceOf(CodecException.class);
    }
}
