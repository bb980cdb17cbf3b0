package io.netloop.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The records the tests send: every supported field type appears in at least one of them. */
final class Messages {
    private Messages() {}

    enum Dir {
        NORTH,
        EAST,
        SOUTH,
        WEST
    }

    record Chat(String from, String text) {}

    record Move(int x, int y) {}

    record Ping() {}

    record Prims(boolean z, byte b, short s, char c, int i, long l, float f, double d) {}

    record Boxes(Boolean z, Byte b, Short s, Character c, Integer i, Long l, Float f, Double d) {}

    record Blob(String text, byte[] bytes) {}

    record PrimArrays(boolean[] z, short[] s, char[] c, int[] i, long[] l, float[] f, double[] d) {}

    record Node(String name, List<Node> children) {}

    record Item(String name, int qty) {
        Item {
            if (qty < 0) {
                throw new IllegalArgumentException("qty " + qty + " < 0");
            }
        }
    }

    record Player(String name, int hp, Optional<Dir> facing) {}

    record Snapshot(
            long tick,
            List<Player> players,
            Map<String, List<Item>> inventories,
            Set<Dir> dirs,
            Optional<Item> held,
            Dir wind) {}

    record Nested(
            List<List<Integer>> grid,
            Map<String, Optional<Long>> scores,
            Optional<List<String>> tags,
            Set<Set<String>> groups,
            List<Optional<Item>> slots,
            Map<Item, Set<Dir>> byItem) {}

    /** Every message type above, in one registration order. */
    static Codec codec() {
        return builder().build();
    }

    /** A builder with every message type above registered, for codecs with other limits. */
    static Codec.Builder builder() {
        return Codec.builder()
                .register(Chat.class, Move.class, Ping.class, Prims.class, Boxes.class, Blob.class)
                .register(PrimArrays.class, Node.class, Item.class, Player.class, Snapshot.class, Nested.class);
    }
}
