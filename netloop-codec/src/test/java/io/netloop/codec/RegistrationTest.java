package io.netloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.codec.other.Twins;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RegistrationTest {
    record Ok(int x) {}

    record Target(Instant target) {}

    record Anything(Object value) {}

    record Names(String[] names) {}

    record Grid(int[][] cells) {}

    record RawList(@SuppressWarnings("rawtypes") List items) {}

    record Wild(List<? extends Number> items) {}

    record Box<T>(T value) {}

    record Concrete(ArrayList<String> items) {}

    record Things(Collection<String> things) {}

    record Twice(Optional<Optional<String>> maybe) {}

    record ArrayKeys(Map<byte[], String> byBytes) {}

    record ArraySet(Set<int[]> sets) {}

    record Item(String name) {}

    record Snapshot(List<Item> items) {}

    record Deep(Map<String, List<Optional<Instant>>> deep) {}

    enum Color {
        RED,
        GREEN
    }

    record Paint(String name, Optional<Color> color, List<Integer> mix) {}

    record Stroke(int width, Paint paint) {}

    private static void refused(Class<? extends Record> type, String... fragments) {
        assertThatThrownBy(() -> Codec.builder().register(type).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(fragments);
    }

    @Test
    void unsupportedFieldTypesAreRefusedNamingTheField() {
        refused(Target.class, "Target.target: type java.time.Instant is not supported; use ");
        refused(Anything.class, "Anything.value: type java.lang.Object is not supported");
        refused(Names.class, "Names.names: array type String[] is not supported; use List<String>");
        refused(Grid.class, "Grid.cells: array type int[][] is not supported; use List<int[]>");
        refused(RawList.class, "RawList.items: raw type List is not supported; give its type arguments");
        refused(Wild.class, "Wild.items: wildcard type ? extends java.lang.Number is not supported");
        refused(Box.class, "Box.value: type variable T is not supported");
        refused(
                Concrete.class,
                "Concrete.items: type java.util.ArrayList<java.lang.String> is not supported; declare the field as List");
        refused(Things.class, "Things.things: type java.util.Collection<java.lang.String> is not supported");
        refused(Twice.class, "Twice.maybe: Optional<Optional<...>> is not supported");
        refused(ArrayKeys.class, "ArrayKeys.byBytes: byte[] cannot be a Map key");
        refused(ArraySet.class, "ArraySet.sets: int[] cannot be a Set element");
        refused(Deep.class, "Deep.deep: type java.time.Instant is not supported");
    }

    @Test
    void nestedRecordsMustBeRegisteredToo() {
        refused(Snapshot.class, "Snapshot.items: record Item is not registered; register it too");
        assertThat(Codec.builder().register(Snapshot.class, Item.class).build().types())
                .containsExactly(Snapshot.class, Item.class);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void onlyRecordsEachOnce() {
        Consumer<Class> register = c -> Codec.builder().register(c);
        assertThatThrownBy(() -> register.accept(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String is not a record");
        assertThatThrownBy(() -> register.accept(Record.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Record is not a record");
        assertThatThrownBy(() -> register.accept(Runnable.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a record");
        assertThatThrownBy(() -> Codec.builder().register(Ok.class, Item.class, Ok.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registered twice (it already has type id 0)");
        assertThatThrownBy(() -> Codec.builder().register(Ok.class, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> Codec.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no types registered");
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> Codec.builder().maxDepth(0)).hasMessageContaining("maxDepth must be from 1 to 256");
        assertThatThrownBy(() -> Codec.builder().maxDepth(257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codec.builder().maxElements(-1)).hasMessageContaining("maxElements");
        assertThatThrownBy(() -> Codec.builder().maxStringBytes(-1)).hasMessageContaining("maxStringBytes");
        assertThatThrownBy(() -> Codec.builder().maxBinaryBytes(-1)).hasMessageContaining("maxBinaryBytes");
    }

    @Test
    void fingerprintIsEqualForTheSameRegistrationsInAnyPackage() {
        byte[] here =
                Codec.builder().register(Paint.class, Stroke.class).build().fingerprint();
        byte[] there = Codec.builder()
                .register(Twins.Paint.class, Twins.Stroke.class)
                .build()
                .fingerprint();
        assertThat(here).hasSize(16).isEqualTo(there);
    }

    @Test
    void fingerprintChangesWithOrderFieldsTypesAndConstants() {
        byte[] base = fingerprint(Paint.class, Stroke.class);
        assertThat(fingerprint(Stroke.class, Paint.class)).isNotEqualTo(base);
        assertThat(Codec.builder().register(Paint.class).build().fingerprint()).isNotEqualTo(base);
        assertThat(fingerprint(Variants.Width.Paint.class, Variants.Width.Stroke.class))
                .isNotEqualTo(base);
        assertThat(fingerprint(Variants.Name.Paint.class, Variants.Name.Stroke.class))
                .isNotEqualTo(base);
        assertThat(fingerprint(Variants.Constants.Paint.class, Variants.Constants.Stroke.class))
                .isNotEqualTo(base);
        assertThat(fingerprint(Variants.Same.Paint.class, Variants.Same.Stroke.class))
                .isEqualTo(base);

        Codec codec = Codec.builder().register(Paint.class, Stroke.class).build();
        byte[] copy = codec.fingerprint();
        copy[0]++;
        assertThat(codec.fingerprint()).isEqualTo(base);
    }

    private static byte[] fingerprint(Class<? extends Record> first, Class<? extends Record> second) {
        return Codec.builder().register(first, second).build().fingerprint();
    }

    /** Near misses of Paint and Stroke, one difference each, and one exact copy. */
    static final class Variants {
        /** A field's type differs: long width. */
        static final class Width {
            record Paint(String name, Optional<Color> color, List<Integer> mix) {}

            record Stroke(long width, Paint paint) {}
        }

        /** A field's name differs: colour. */
        static final class Name {
            record Paint(String name, Optional<Color> colour, List<Integer> mix) {}

            record Stroke(int width, Paint paint) {}
        }

        /** The enum's constants differ. */
        static final class Constants {
            enum Color {
                RED,
                BLUE
            }

            record Paint(String name, Optional<Color> color, List<Integer> mix) {}

            record Stroke(int width, Paint paint) {}
        }

        /** Nothing differs but the enclosing class. */
        static final class Same {
            enum Color {
                RED,
                GREEN
            }

            record Paint(String name, Optional<Color> color, List<Integer> mix) {}

            record Stroke(int width, Paint paint) {}
        }
    }
}
