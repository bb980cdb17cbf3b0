package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Hostile input, generated: whatever the bytes, decoding returns a record or throws {@link
 * CodecException}, and never allocates more than {@link #bound(int)} for an input of n bytes.
 * About 14,000 tries in all, two to three seconds. jqwik ignores JUnit's timeouts, so the module's
 * Surefire configuration bounds the whole test JVM instead.
 */
class FuzzTest {
    /**
     * The most a decode of {@code inputLength} bytes may allocate: 64 bytes per input byte for the
     * message's own objects, plus 64 KiB of fixed costs (the exception and its stack trace). The
     * densest shapes measured, in {@link #denseShapes}, take 14 to 37 bytes per input byte: a
     * one-char string in a Set is 2 to 4 bytes on the wire and about 100 on the heap (the String,
     * its array, the hash entry and table slots). 64 leaves a margin for other JVMs' object layouts.
     */
    static long bound(int inputLength) {
        return 64L * inputLength + 64 * 1024;
    }

    private static final Codec CODEC = Messages.codec();
    private static final Codec DEEP = Messages.builder().maxDepth(256).build();
    private static long maxAllocated;
    private static int maxAllocatedLength;
    private static double maxShareOfBound;

    /**
     * Decodes, letting anything but a CodecException fail the property, and checks the allocation.
     * The first time a code path runs it may load classes and link call sites, which allocates far
     * more than the decode itself (see {@link #warmUp()}); an input over the bound is therefore
     * decoded up to twice more, and the last, steady-state decode must stay within the bound.
     */
    private static void decodeSafely(Codec codec, byte[] input) {
        long allocated = allocatedDecoding(codec, input);
        for (int again = 0; again < 2 && allocated > bound(input.length); again++) {
            allocated = allocatedDecoding(codec, input);
        }
        if (allocated > maxAllocated) {
            maxAllocated = allocated;
            maxAllocatedLength = input.length;
        }
        maxShareOfBound = Math.max(maxShareOfBound, allocated / (double) bound(input.length));
        assertThat(allocated)
                .as("bytes allocated decoding %d bytes", input.length)
                .isLessThanOrEqualTo(bound(input.length));
    }

    /** Runs the decoder's paths, error paths included, before anything is measured. */
    @BeforeContainer
    static void warmUp() {
        Random r = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] input = CODEC.encode(new RandomMessages(r).any());
            input = Mutations.apply(input, CODEC.encode(new RandomMessages(r).any()), r);
            for (Codec codec : List.of(CODEC, DEEP)) {
                try {
                    codec.decode(input);
                } catch (CodecException expected) {
                    // warming the error paths too
                }
            }
        }
    }

    private static long allocatedDecoding(Codec codec, byte[] input) {
        return Allocations.of(() -> {
            try {
                codec.decode(input);
            } catch (CodecException expected) {
                // the only exception allowed
            }
        });
    }

    @AfterContainer
    static void report() {
        System.out.printf(
                "FuzzTest: most allocated by one decode %d bytes (input of %d bytes); highest share of the bound %.0f%%%n",
                maxAllocated, maxAllocatedLength, 100 * maxShareOfBound);
    }

    @Property(tries = 3000)
    void randomBytes(@ForAll @Size(max = 300) byte[] input) {
        decodeSafely(CODEC, input);
    }

    @Property(tries = 3000)
    void randomBytesBehindAValidTypeId(
            @ForAll @IntRange(min = 0, max = 11) int id, @ForAll @Size(max = 200) byte[] rest) {
        byte[] input = new byte[rest.length + 2];
        input[0] = (byte) (0x90 | Math.min(15, 1 + (rest.length & 7)));
        input[1] = (byte) id;
        System.arraycopy(rest, 0, input, 2, rest.length);
        decodeSafely(CODEC, input);
    }

    @Property(tries = 2000)
    void validMessagesRoundTrip(@ForAll("seeds") long seed) {
        Record message = new RandomMessages(new Random(seed)).any();
        byte[] bytes = CODEC.encode(message);
        assertThat(Deep.difference(message, CODEC.decode(bytes))).isNull();
        decodeSafely(CODEC, bytes);
    }

    @Property(tries = 3000)
    void mutatedMessages(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        byte[] input = CODEC.encode(new RandomMessages(r).any());
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            input = Mutations.apply(input, CODEC.encode(new RandomMessages(r).any()), r);
        }
        decodeSafely(CODEC, input);
    }

    @Property(tries = 500)
    void deepNesting(@ForAll @IntRange(min = 1, max = 20_000) int depth, @ForAll("seeds") long seed) {
        byte[] input = Mutations.nested(depth, new Random(seed));
        decodeSafely(CODEC, input);
        decodeSafely(DEEP, input);
    }

    @Property(tries = 2000)
    void randomValuesShapedLikeMessages(@ForAll("seeds") long seed) throws IOException {
        Random r = new Random(seed);
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        int id = r.nextInt(12);
        int fields = CODEC.types().get(id).getRecordComponents().length + (r.nextInt(8) == 0 ? r.nextInt(3) - 1 : 0);
        p.packArrayHeader(Math.max(1, 1 + fields)).packInt(id);
        for (int i = 0; i < fields; i++) {
            RandomValues.pack(p, r, 3);
        }
        decodeSafely(CODEC, p.toByteArray());
        decodeSafely(DEEP, p.toByteArray());
    }

    /** The shapes that allocate the most per input byte: many tiny objects, each a byte or two on the wire. */
    @Property(tries = 200)
    void denseShapes(@ForAll @IntRange(min = 1, max = 30_000) int n, @ForAll @IntRange(min = 0, max = 4) int shape) {
        decodeSafely(CODEC, Mutations.dense(shape, n));
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Sanity check of the generator itself: it covers every registered type. */
    @Property(tries = 1)
    void everyTypeIsGenerated() {
        boolean[] seen = new boolean[CODEC.types().size()];
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            seen[CODEC.types().indexOf(new RandomMessages(r).any().getClass())] = true;
        }
        assertThat(seen).doesNotContain(false);
    }
}
