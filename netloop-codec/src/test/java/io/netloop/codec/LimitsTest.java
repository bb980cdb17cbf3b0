package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.codec.Messages.Blob;
import io.netloop.codec.Messages.Chat;
import io.netloop.codec.Messages.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sizes and depth are checked against the limits and against the bytes present, before allocating. */
@Timeout(20)
class LimitsTest {
    static final int BLOB = 5;
    static final int NODE = 7;
    static final int SNAPSHOT = 10;
    static final long ALLOCATION_BOUND = 64 * 1024;

    private final Codec small = Messages.builder()
            .maxDepth(8)
            .maxElements(10)
            .maxStringBytes(16)
            .maxBinaryBytes(32)
            .build();

    /** Limits as high as they go, so that only the bytes actually present protect the heap. */
    private final Codec huge = Messages.builder()
            .maxElements(Integer.MAX_VALUE)
            .maxStringBytes(Integer.MAX_VALUE)
            .maxBinaryBytes(Integer.MAX_VALUE)
            .build();

    private static Node chain(int depth) {
        Node n = new Node("leaf", List.of());
        for (int i = 1; i < depth; i++) {
            n = new Node("n", List.of(n));
        }
        return n;
    }

    @Test
    void decodingChecksEveryLimit() {
        Codec big = Messages.codec();
        assertThatThrownBy(() -> small.decode(big.encode(new Chat("x".repeat(17), ""))))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Chat.from: string of 17 bytes exceeds maxStringBytes 16");
        assertThatThrownBy(() -> small.decode(big.encode(new Blob("", new byte[33]))))
                .hasMessageContaining("Blob.bytes: byte[] of 33 bytes exceeds maxBinaryBytes 32");
        assertThatThrownBy(() -> small.decode(big.encode(new Node("a", Collections.nCopies(11, chain(1))))))
                .hasMessageContaining("Node.children: List of 11 elements exceeds maxElements 10");
        // A chain of n Nodes is 2n - 1 levels: each Node's array, and its children's list.
        assertThat(small.decode(big.encode(chain(4)))).isEqualTo(chain(4));
        assertThatThrownBy(() -> small.decode(big.encode(chain(5))))
                .hasMessageContaining(
                        "Node.children[0].children[0].children[0].children[0]: nesting deeper than maxDepth 8");
    }

    @Test
    void encodingChecksEveryLimitToo() {
        assertThatThrownBy(() -> small.encode(new Chat("ok", "é".repeat(9))))
                .isInstanceOf(CodecException.class)
                .hasMessage("Cannot encode Chat.text: string of 18 bytes exceeds maxStringBytes 16");
        assertThatThrownBy(() -> small.encode(new Blob(null, new byte[33])))
                .hasMessageContaining("Blob.bytes: byte[] of 33 bytes exceeds maxBinaryBytes 32");
        assertThatThrownBy(() -> small.encode(new Node("a", Collections.nCopies(11, chain(1)))))
                .hasMessageContaining("Node.children: 11 elements exceed maxElements 10");
        assertThatThrownBy(() -> small.encode(chain(5))).hasMessageContaining("nesting deeper than maxDepth 8");
    }

    @Test
    void aCycleStopsAtMaxDepth() {
        List<Node> children = new ArrayList<>();
        Node loop = new Node("loop", children);
        children.add(loop);
        assertThatThrownBy(() -> Messages.codec().encode(loop))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("nesting deeper than maxDepth 32 (a cycle?)");
    }

    /** Headers that claim up to 2^32 - 1 elements or bytes, followed by almost nothing. */
    private static List<byte[]> lyingHeaders() {
        List<byte[]> inputs = new ArrayList<>();
        for (int[] header : new int[][] {
            {0xdd, 0x7f, 0xff, 0xff, 0xff}, // array32 of 2^31 - 1
            {0xdd, 0xff, 0xff, 0xff, 0xff}, // array32 of 2^32 - 1
            {0xdc, 0xff, 0xff}, // array16 of 65535
        }) {
            inputs.add(new Wire().array(3).integer(NODE).nil().raw(header).nil().bytes());
            inputs.add(new Wire().raw(header).integer(NODE).bytes());
        }
        for (int[] header : new int[][] {{0xdb, 0x7f, 0xff, 0xff, 0xff}, {0xdb, 0xff, 0xff, 0xff, 0xff}}) {
            inputs.add(new Wire().array(3).integer(BLOB).raw(header).raw('a').bytes()); // str32
        }
        for (int[] header : new int[][] {{0xc6, 0x7f, 0xff, 0xff, 0xff}, {0xc6, 0xff, 0xff, 0xff, 0xff}}) {
            inputs.add(new Wire()
                    .array(3)
                    .integer(BLOB)
                    .nil()
                    .raw(header)
                    .raw(1, 2)
                    .bytes()); // bin32
        }
        for (int[] header : new int[][] {{0xdf, 0x7f, 0xff, 0xff, 0xff}, {0xdf, 0xff, 0xff, 0xff, 0xff}}) {
            inputs.add(new Wire()
                    .array(7)
                    .integer(SNAPSHOT)
                    .integer(0)
                    .array(0)
                    .raw(header)
                    .raw(0xa0, 0x90)
                    .bytes()); // map32
        }
        return inputs;
    }

    @Test
    void lyingHeadersFailFastWithoutAllocating() {
        for (Codec codec : List.of(Messages.codec(), huge)) {
            for (byte[] input : lyingHeaders()) {
                assertThatThrownBy(() -> codec.decode(input)).isExactlyInstanceOf(CodecException.class);
            }
            for (int warm = 0; warm < 3; warm++) {
                for (byte[] input : lyingHeaders()) {
                    long bytes = Allocations.of(() -> {
                        try {
                            codec.decode(input);
                        } catch (CodecException expected) {
                            // the point of the exercise
                        }
                    });
                    assertThat(bytes)
                            .as("bytes allocated decoding a lying header")
                            .isLessThan(ALLOCATION_BOUND);
                }
            }
        }
    }

    @Test
    void hugeLimitsStillCheckTheBytesPresent() {
        assertThatThrownBy(() -> huge.decode(lyingHeaders().get(0)))
                .hasMessageContaining("Node.children: List claims 2147483647 elements but only 1 bytes remain");
        assertThatThrownBy(() -> huge.decode(lyingHeaders().get(6)))
                .hasMessageContaining("Blob.text: string claims 2147483647 bytes but only 1 remain");
        assertThatThrownBy(() -> huge.decode(lyingHeaders().get(7)))
                .hasMessageContaining("Blob.text: a length header of 4294967295 is larger than any limit");
    }

    @Test
    void theDeepestNestingAllowedFitsASmallStack() throws Exception {
        Codec deepest = Messages.builder().maxDepth(256).build();
        Node deep = chain(128); // 255 levels
        Object[] result = new Object[1];
        Thread t = new Thread(null, () -> result[0] = deepest.decode(deepest.encode(deep)), "small-stack", 256 * 1024);
        t.start();
        t.join(10_000);
        assertThat(result[0]).isEqualTo(deep);
    }
}
