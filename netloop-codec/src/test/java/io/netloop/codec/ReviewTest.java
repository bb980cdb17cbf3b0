package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Findings of a review of netloop-codec: each test shows one promise that the code broke. */
@Timeout(60)
class ReviewTest {
    record Point(int x, int y) {}

    record Region(Set<Point> points) {}

    /** Pairs (k, c - 31k): every one has the hashCode 31 * k + (c - 31 * k) = c, as records hash. */
    private static byte[] collidingPoints(int n) {
        Wire w = new Wire().array(2).integer(0).raw(0xdc, n >>> 8, n & 0xff);
        for (int k = 0; k < n; k++) {
            w.array(2).integer(k).integer(-31L * k);
        }
        return w.bytes();
    }

    private static byte[] spreadPoints(int n) {
        Wire w = new Wire().array(2).integer(0).raw(0xdc, n >>> 8, n & 0xff);
        for (int k = 0; k < n; k++) {
            w.array(2).integer(k).integer(31L * k);
        }
        return w.bytes();
    }

    @Test
    void aSetOfRecordsWithCollidingHashCodesDecodesInTimeLinearInItsSize() {
        Codec codec = Codec.builder().register(Region.class, Point.class).build();
        int n = 20_000;
        byte[] spread = spreadPoints(n);
        byte[] colliding = collidingPoints(n);
        codec.decode(spread);
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            codec.decode(spread);
        }
        long normal = (System.nanoTime() - t0) / 5;
        long t1 = System.nanoTime();
        try {
            codec.decode(colliding);
        } catch (CodecException refused) {
            // refusing is fine too; what matters is the time
        }
        long hostile = System.nanoTime() - t1;
        System.out.printf(
                "set of %d points (%d bytes): spread %.1f ms, colliding %.1f ms%n",
                n, colliding.length, normal / 1e6, hostile / 1e6);
        assertThat(hostile).as("ns to decode %d colliding points", n).isLessThan(Math.max(50 * normal, 200_000_000L));
        // Honest data with the usual record hash collisions still decodes: a 256 x 256 grid.
        Set<Point> grid = new java.util.LinkedHashSet<>();
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                grid.add(new Point(x, y));
            }
        }
        assertThat(codec.decode(codec.encode(new Region(grid)))).isEqualTo(new Region(grid));
    }

    record Tree(String name, List<Tree> kids) {}

    /**
     * A chain of Trees in which every kids list claims the same n elements: each claim alone fits the
     * bytes that remain, so each list's Object[n] is allocated before the innermost one fails.
     */
    private static byte[] nestedClaims(int levels, int n) {
        Wire w = new Wire().array(3).integer(0).str("t");
        for (int i = 0; i < levels; i++) {
            w.raw(0xdc, n >>> 8, n & 0xff).array(2).str("t");
        }
        w.raw(0xdc, n >>> 8, n & 0xff);
        byte[] head = w.bytes();
        byte[] all = java.util.Arrays.copyOf(head, head.length + n);
        java.util.Arrays.fill(all, head.length, all.length, (byte) 0xc1);
        return all;
    }

    @Test
    void nestedListsThatClaimTheSameBytesDoNotEachAllocateForThem() {
        Codec codec = Codec.builder().register(Tree.class).maxDepth(256).build();
        byte[] input = nestedClaims(126, 60_000);
        long most = 0;
        for (int i = 0; i < 3; i++) {
            most = Allocations.of(() -> {
                try {
                    codec.decode(input);
                } catch (CodecException expected) {
                    // the innermost list fails, but only after every outer list allocated
                }
            });
        }
        System.out.printf("nested claims: %d bytes of input, %d bytes allocated%n", input.length, most);
        assertThat(most).as("bytes allocated decoding %d bytes", input.length).isLessThan(64L * input.length + 65536);
    }

    record Step(int n) {
        static List<Step> live;

        @Override
        public int n() {
            if (live != null && live.size() < 5) {
                live.add(new Step(9)); // what another thread could do to the list while it is encoded
            }
            return n;
        }
    }

    record Path(List<Step> steps) {}

    @Test
    void aListChangedWhileItIsEncodedIsRefusedWithCodecException() {
        Codec codec = Codec.builder().register(Path.class, Step.class).build();
        List<Step> steps = new ArrayList<>(List.of(new Step(1), new Step(2), new Step(3)));
        Step.live = steps;
        try {
            assertThatThrownBy(() -> codec.encode(new Path(steps)))
                    .isExactlyInstanceOf(CodecException.class)
                    .hasMessageContaining("Path.steps");
        } finally {
            Step.live = null;
        }
    }

    static final class Lobby {
        record Player(int gold) {}
    }

    static final class Match {
        record Player(int kills) {}
    }

    static final class Before {
        record Score(Lobby.Player player) {}
    }

    static final class After {
        record Score(Match.Player player) {}
    }

    /** Whether both registrations build and present the same fingerprint, so that peers would connect. */
    private static boolean agree(List<Class<? extends Record>> one, List<Class<? extends Record>> other) {
        byte[] first;
        byte[] second;
        try {
            first = fingerprint(one);
            second = fingerprint(other);
        } catch (IllegalArgumentException refused) {
            return false; // refusing the ambiguous registration is a fix too
        }
        return java.util.Arrays.equals(first, second);
    }

    private static byte[] fingerprint(List<Class<? extends Record>> types) {
        Codec.Builder builder = Codec.builder();
        for (Class<? extends Record> type : types) {
            builder.register(type);
        }
        return builder.build().fingerprint();
    }

    @Test
    void codecsWhoseFieldsReferToDifferentRecordsOfTheSameSimpleNameDoNotAgree() {
        // Before.Score's field is the Lobby player, After.Score's the Match player: different messages,
        // yet both canonical texts read "0 Player(int gold)\n1 Player(int kills)\n2 Score(Player player)".
        assertThat(agree(
                        List.of(Lobby.Player.class, Match.Player.class, Before.Score.class),
                        List.of(Lobby.Player.class, Match.Player.class, After.Score.class)))
                .as("the two codecs agree on a fingerprint")
                .isFalse();
    }

    static final class Red {
        enum Kind {
            A,
            B
        }
    }

    static final class Blue {
        enum Kind {
            X,
            Y
        }
    }

    static final class EnumsBefore {
        record Hit(Red.Kind first, Blue.Kind second, Red.Kind third) {}
    }

    static final class EnumsAfter {
        record Hit(Red.Kind first, Blue.Kind second, Blue.Kind third) {}
    }

    @Test
    void codecsWhoseFieldsReferToDifferentEnumsOfTheSameSimpleNameDoNotAgree() {
        // Both texts read "0 Hit(Kind first, Kind second, Kind third)\nenum Kind(A, B)\nenum Kind(X, Y)".
        assertThat(agree(List.of(EnumsBefore.Hit.class), List.of(EnumsAfter.Hit.class)))
                .as("the two codecs agree on a fingerprint")
                .isFalse();
    }

    /** Validates with assert, as some games do; Surefire runs the tests with -ea, as a debug build would. */
    record Level(int n) {
        Level {
            assert n >= 0 : "negative level " + n;
        }
    }

    @Test
    void aConstructorAssertionThatFailsIsRefusedWithCodecException() {
        Codec codec = Codec.builder().register(Level.class).build();
        byte[] input = new Wire().array(2).integer(0).integer(-1).bytes();
        assertThatThrownBy(() -> codec.decode(input)).isExactlyInstanceOf(CodecException.class);
    }

    @Test
    void decodeDoesNotKeepTheInputArray() throws Exception {
        Codec codec = Messages.codec();
        byte[] input = codec.encode(new Messages.Chat("ann", "hi"));
        WeakReference<byte[]> ref = new WeakReference<>(input);
        codec.decode(input);
        input = null;
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(ref.get())
                .as("the decoded array, still reachable after decode returned")
                .isNull();
    }
}
