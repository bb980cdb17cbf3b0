package io.netloop.codec;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** Random valid messages of every type in {@link Messages}, from a seeded {@link Random}. */
final class RandomMessages {
    private static final long[] EDGES = {
        0,
        1,
        -1,
        127,
        128,
        -32,
        -33,
        255,
        256,
        65_535,
        65_536,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Long.MAX_VALUE,
        Long.MIN_VALUE
    };
    private static final double[] SPECIAL = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 0.1};

    private final Random r;

    RandomMessages(Random random) {
        this.r = random;
    }

    /** Any message; strings may hold every char but lone surrogates, so that messages round-trip. */
    Record any() {
        return switch (r.nextInt(12)) {
            case 0 -> new Chat(text(), text());
            case 1 -> new Move((int) integer(), (int) integer());
            case 2 -> new Ping();
            case 3 -> new Prims(
                    r.nextBoolean(),
                    (byte) integer(),
                    (short) integer(),
                    (char) integer(),
                    (int) integer(),
                    integer(),
                    (float) real(),
                    real());
            case 4 -> boxes();
            case 5 -> new Blob(nullable(this::text), nullable(this::bytes));
            case 6 -> arrays();
            case 7 -> node(3);
            case 8 -> item();
            case 9 -> player();
            case 10 -> snapshot();
            default -> nested();
        };
    }

    private Boxes boxes() {
        return new Boxes(
                nullable(r::nextBoolean),
                nullable(() -> (byte) integer()),
                nullable(() -> (short) integer()),
                nullable(() -> (char) integer()),
                nullable(() -> (int) integer()),
                nullable(this::integer),
                nullable(() -> (float) real()),
                nullable(this::real));
    }

    private PrimArrays arrays() {
        int n = r.nextInt(6);
        boolean[] z = new boolean[n];
        short[] s = new short[n];
        char[] c = new char[n];
        int[] i = new int[n];
        long[] l = new long[n];
        float[] f = new float[n];
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            z[k] = r.nextBoolean();
            s[k] = (short) integer();
            c[k] = (char) integer();
            i[k] = (int) integer();
            l[k] = integer();
            f[k] = (float) real();
            d[k] = real();
        }
        return r.nextInt(8) == 0
                ? new PrimArrays(null, null, null, null, null, null, null)
                : new PrimArrays(z, s, c, i, l, f, d);
    }

    private Node node(int depth) {
        List<Node> children = new ArrayList<>();
        int n = depth == 0 ? 0 : r.nextInt(3);
        for (int i = 0; i < n; i++) {
            children.add(node(depth - 1));
        }
        return new Node(nullable(this::text), r.nextInt(8) == 0 ? null : children);
    }

    private Item item() {
        return new Item(text(), r.nextInt(1000));
    }

    private Player player() {
        return new Player(text(), (int) integer(), r.nextBoolean() ? Optional.empty() : Optional.of(dir()));
    }

    private Snapshot snapshot() {
        Map<String, List<Item>> inventories = new LinkedHashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            inventories.put(text(), list(this::item));
        }
        Set<Dir> dirs = new LinkedHashSet<>(list(this::dir));
        return new Snapshot(
                integer(),
                list(this::player),
                inventories,
                dirs,
                r.nextBoolean() ? Optional.empty() : Optional.of(item()),
                nullable(this::dir));
    }

    private Nested nested() {
        Map<String, Optional<Long>> scores = new LinkedHashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            scores.put(text(), r.nextBoolean() ? Optional.empty() : Optional.of(integer()));
        }
        Set<Set<String>> groups = new LinkedHashSet<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            groups.add(new LinkedHashSet<>(list(this::text)));
        }
        Map<Item, Set<Dir>> byItem = new LinkedHashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            byItem.put(item(), new LinkedHashSet<>(list(this::dir)));
        }
        return new Nested(
                list(() -> list(() -> (int) integer())),
                scores,
                r.nextBoolean() ? Optional.empty() : Optional.of(list(this::text)),
                groups,
                list(() -> r.nextBoolean() ? Optional.<Item>empty() : Optional.of(item())),
                byItem);
    }

    private <T> List<T> list(Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            list.add(element.get());
        }
        return list;
    }

    private <T> T nullable(Supplier<T> value) {
        return r.nextInt(6) == 0 ? null : value.get();
    }

    private Dir dir() {
        return Dir.values()[r.nextInt(4)];
    }

    private long integer() {
        return switch (r.nextInt(3)) {
            case 0 -> EDGES[r.nextInt(EDGES.length)];
            case 1 -> r.nextInt(200) - 100;
            default -> r.nextLong() >> r.nextInt(64);
        };
    }

    private double real() {
        return r.nextInt(4) == 0
                ? SPECIAL[r.nextInt(SPECIAL.length)]
                : r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10);
    }

    private String text() {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(r.nextInt(8) == 0 ? 300 : 12); i > 0; i--) {
            int cp =
                    switch (r.nextInt(4)) {
                        case 0 -> 'a' + r.nextInt(26);
                        case 1 -> r.nextInt(0x800);
                        case 2 -> r.nextInt(0xD800);
                        default -> 0x10000 + r.nextInt(0x100000);
                    };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private byte[] bytes() {
        byte[] b = new byte[r.nextInt(r.nextInt(8) == 0 ? 2000 : 10)];
        r.nextBytes(b);
        return b;
    }
}
