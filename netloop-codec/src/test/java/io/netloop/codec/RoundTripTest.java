package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.codec.Messages.Blob;
import io.netloop.codec.Messages.Boxes;
import io.netloop.codec.Messages.Chat;
import io.netloop.codec.Messages.Dir;
import io.netloop.codec.Messages.Item;
import io.netloop.codec.Messages.Move;
import io.netloop.codec.Messages.Nested;
import io.netloop.codec.Messages.Node;
import io.netloop.codec.Messages.Ping;
import io.netloop.codec.Messages.Player;
import io.netloop.codec.Messages.PrimArrays;
import io.netloop.codec.Messages.Prims;
import io.netloop.codec.Messages.Snapshot;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    private final Codec codec = Messages.codec();

    /** Encodes, decodes, and compares component by component (arrays by content, -0.0 and NaN exactly). */
    private Record roundTrip(Record message) {
        Record decoded = codec.decode(codec.encode(message));
        assertThat(Deep.difference(message, decoded)).as("difference").isNull();
        return decoded;
    }

    @Test
    void primitivesKeepTheirExtremes() {
        roundTrip(new Prims(
                true,
                Byte.MIN_VALUE,
                Short.MIN_VALUE,
                Character.MIN_VALUE,
                Integer.MIN_VALUE,
                Long.MIN_VALUE,
                Float.MIN_VALUE,
                Double.MIN_VALUE));
        roundTrip(new Prims(
                false,
                Byte.MAX_VALUE,
                Short.MAX_VALUE,
                Character.MAX_VALUE,
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                Float.MAX_VALUE,
                Double.MAX_VALUE));
        roundTrip(new Prims(true, (byte) 0, (short) -1, 'é', -32, 128L, -0.0f, -0.0));
    }

    @Test
    void notANumberAndInfinitiesSurvive() {
        Prims p = (Prims) roundTrip(new Prims(true, (byte) 1, (short) 2, 'x', 3, 4L, Float.NaN, Double.NaN));
        assertThat(p.f()).isNaN();
        assertThat(p.d()).isNaN();
        roundTrip(new Prims(false, (byte) 1, (short) 2, 'x', 3, 4L, Float.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    }

    @Test
    void boxesKeepValuesAndNulls() {
        roundTrip(new Boxes(true, (byte) -7, (short) 300, '\uffff', -1, Long.MAX_VALUE, 1.5f, -2.25));
        Boxes nulls = (Boxes) roundTrip(new Boxes(null, null, null, null, null, null, null, null));
        assertThat(nulls.i()).isNull();
    }

    @Test
    void stringsAndBytesIncludingEmptyUnicodeAndNull() {
        roundTrip(new Blob("", new byte[0]));
        roundTrip(new Blob("héllo wörld ✓ 𝄞 日本語", new byte[] {0, -1, 127, -128}));
        roundTrip(new Blob("x".repeat(70_000 / 2), new byte[100_000]));
        roundTrip(new Blob(null, null));
        roundTrip(new Chat("ann", "hi"));
    }

    @Test
    void loneSurrogatesBecomeQuestionMarksLikeGetBytes() {
        Chat decoded = (Chat) codec.decode(codec.encode(new Chat("a\ud800b", "\udc00")));
        assertThat(decoded).isEqualTo(new Chat("a?b", "?"));
    }

    @Test
    void everyPrimitiveArray() {
        roundTrip(new PrimArrays(
                new boolean[] {true, false},
                new short[] {Short.MIN_VALUE, 0, Short.MAX_VALUE},
                new char[] {'a', '\u0000', '\uffff'},
                new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE},
                new long[] {Long.MIN_VALUE, Long.MAX_VALUE},
                new float[] {Float.NaN, -0.0f, 1e-45f},
                new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Math.PI}));
        roundTrip(new PrimArrays(
                new boolean[0], new short[0], new char[0], new int[0], new long[0], new float[0], new double[0]));
        roundTrip(new PrimArrays(null, null, null, null, null, null, null));
    }

    @Test
    void recursiveRecords() {
        Node tree =
                new Node("root", List.of(new Node("a", List.of()), new Node("b", List.of(new Node("c", List.of())))));
        roundTrip(tree);
        roundTrip(new Node(null, null));
    }

    @Test
    void nestedRecordsEnumsAndCollections() {
        Map<String, List<Item>> inventories = new LinkedHashMap<>();
        inventories.put("ann", List.of(new Item("sword", 1), new Item("potion", 3)));
        inventories.put("bob", List.of());
        Snapshot s = new Snapshot(
                Long.MAX_VALUE,
                List.of(new Player("ann", 100, Optional.of(Dir.NORTH)), new Player("bob", 0, Optional.empty())),
                inventories,
                Set.of(Dir.WEST),
                Optional.of(new Item("key", 1)),
                Dir.SOUTH);
        Snapshot back = (Snapshot) roundTrip(s);
        assertThat(back.inventories().keySet()).containsExactly("ann", "bob");
        roundTrip(new Snapshot(0, List.of(), Map.of(), Set.of(), Optional.empty(), null));
        roundTrip(new Snapshot(0, null, null, null, Optional.empty(), Dir.EAST));
    }

    @Test
    void genericsNestedInEachOther() {
        Map<String, Optional<Long>> scores = new LinkedHashMap<>();
        scores.put("ann", Optional.of(-5L));
        scores.put("bob", Optional.empty());
        Map<Item, Set<Dir>> byItem = new LinkedHashMap<>();
        byItem.put(new Item("map", 2), new LinkedHashSet<>(List.of(Dir.EAST, Dir.NORTH)));
        roundTrip(new Nested(
                List.of(List.of(1, 2), List.of(), List.of(Integer.MIN_VALUE)),
                scores,
                Optional.of(List.of("a", "b")),
                Set.of(Set.of("x"), Set.of()),
                List.of(Optional.of(new Item("i", 0)), Optional.empty()),
                byItem));
        roundTrip(new Nested(List.of(), Map.of(), Optional.empty(), Set.of(), List.of(), Map.of()));
    }

    @Test
    void setsAndMapsKeepWireOrderAndAreUnmodifiable() {
        Set<Dir> order = new LinkedHashSet<>(List.of(Dir.WEST, Dir.NORTH, Dir.SOUTH));
        Snapshot s = new Snapshot(1, List.of(), Map.of(), order, Optional.empty(), Dir.EAST);
        Snapshot back = (Snapshot) codec.decode(codec.encode(s));
        assertThat(back.dirs()).containsExactly(Dir.WEST, Dir.NORTH, Dir.SOUTH);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> back.dirs().add(Dir.EAST))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> back.players().add(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyRecordAndEveryDecodeEntryPoint() {
        byte[] bytes = codec.encode(new Ping());
        assertThat(bytes).containsExactly(0x91, 0x02);
        assertThat(codec.decode(bytes)).isEqualTo(new Ping());
        assertThat(codec.decode(bytes, Ping.class)).isEqualTo(new Ping());

        byte[] framed = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, framed, 2, bytes.length);
        assertThat(codec.decode(framed, 2, bytes.length)).isEqualTo(new Ping());

        ByteBuffer heap = ByteBuffer.wrap(framed, 2, bytes.length);
        assertThat(codec.decode(heap)).isEqualTo(new Ping());
        assertThat(heap.position()).isEqualTo(2);
        ByteBuffer direct = ByteBuffer.allocateDirect(16)
                .put(codec.encode(new Move(-3, 300)))
                .flip();
        assertThat(codec.decode(direct.asReadOnlyBuffer())).isEqualTo(new Move(-3, 300));
    }

    @Test
    void typesAreListedInIdOrder() {
        assertThat(codec.types()).startsWith(Chat.class, Move.class, Ping.class);
        assertThat(codec.toString()).startsWith("Codec[Chat, Move, Ping");
    }

    @Test
    void oneCodecServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 2000; i++) {
                        Record m = new RandomMessages(r).any();
                        String d = Deep.difference(m, codec.decode(codec.encode(m)));
                        if (d != null) {
                            return d;
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A constructor that itself uses the codec, on the same thread, in the middle of a decode. */
    record Echo(String text) {
        Echo {
            Codec inner = Codec.builder().register(Chat.class).build();
            Chat back = (Chat) inner.decode(inner.encode(new Chat("echo", text)));
            text = back.text();
        }
    }

    @Test
    void codecCallsFromInsideAConstructorDoNotDisturbTheOuterDecode() {
        Codec echo = Codec.builder().register(Echo.class, Chat.class).build();
        List<Echo> echoes = List.of(new Echo("a"), new Echo("b"));
        record Echoes(List<Echo> all, String tail) {}
        Codec outer = Codec.builder().register(Echoes.class, Echo.class).build();
        assertThat(outer.decode(outer.encode(new Echoes(echoes, "tail")))).isEqualTo(new Echoes(echoes, "tail"));
        assertThat(echo.decode(echo.encode(new Echo("x")))).isEqualTo(new Echo("x"));
    }
}
