package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.codec.Messages.Chat;
import io.netloop.codec.Messages.Item;
import io.netloop.codec.Messages.Nested;
import io.netloop.codec.Messages.Node;
import io.netloop.codec.Messages.Player;
import io.netloop.codec.Messages.Snapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Messages the codec refuses to write: a CodecException naming the field, and the codec stays usable. */
class EncodeFailureTest {
    private final Codec codec = Messages.codec();

    record Stranger(int x) {}

    record Moody(String mood) {
        @Override
        public String mood() {
            throw new IllegalStateException("not today");
        }
    }

    @Test
    void unregisteredTypes() {
        assertThatThrownBy(() -> codec.encode(new Stranger(1)))
                .isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining(
                        "Cannot encode io.netloop.codec.EncodeFailureTest$Stranger: it is not registered");
    }

    @Test
    void nullsInsideCollectionsAndNullOptionals() {
        assertThatThrownBy(() -> codec.encode(new Node("a", Arrays.asList(new Node("b", null), null))))
                .isExactlyInstanceOf(CodecException.class)
                .hasMessage("Cannot encode Node.children[1]: null element: lists, sets and maps cannot hold null");
        Map<String, List<Item>> nullValue = new HashMap<>();
        nullValue.put("ann", null);
        assertThatThrownBy(() -> codec.encode(new Snapshot(0, List.of(), nullValue, Set.of(), Optional.empty(), null)))
                .hasMessageContaining("Snapshot.inventories[0].value: null value");
        Map<String, List<Item>> nullKey = new HashMap<>();
        nullKey.put(null, List.of());
        assertThatThrownBy(() -> codec.encode(new Snapshot(0, List.of(), nullKey, Set.of(), Optional.empty(), null)))
                .hasMessageContaining("Snapshot.inventories[0].key: null key");
        assertThatThrownBy(() -> codec.encode(new Player("ann", 1, null)))
                .hasMessageContaining("Player.facing: an Optional field is null; use Optional.empty()");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void heapPollutionIsCaught() {
        List polluted = List.of(List.of("not an int"));
        assertThatThrownBy(() ->
                        codec.encode(new Nested(polluted, Map.of(), Optional.empty(), Set.of(), List.of(), Map.of())))
                .isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining("Nested.grid[0][0]: expected Integer but found java.lang.String");
    }

    @Test
    void anAccessorThatThrows() {
        Codec moody = Codec.builder().register(Moody.class).build();
        assertThatThrownBy(() -> moody.encode(new Moody("ok")))
                .isExactlyInstanceOf(CodecException.class)
                .hasMessageContaining("Cannot encode Moody.mood: the accessor mood() threw")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCodecKeepsWorkingAfterAFailure() {
        byte[] before = codec.encode(new Chat("ann", "hi"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> codec.encode(new Node("x".repeat(5000), Arrays.asList(new Node("y", null), null))))
                    .isInstanceOf(CodecException.class);
            assertThat(codec.encode(new Chat("ann", "hi"))).isEqualTo(before);
        }
    }
}
