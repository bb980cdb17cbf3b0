package io.netloop.codec.other;

import java.util.List;
import java.util.Optional;

/** Records with the same simple names as in {@code RegistrationTest}, in another package. */
public final class Twins {
    private Twins() {}

    /** Same name and constants as the test's Color. */
    public enum Color {
        RED,
        GREEN
    }

    /** Same shape as the test's Paint. */
    public record Paint(String name, Optional<Color> color, List<Integer> mix) {}

    /** Same shape as the test's Stroke. */
    public record Stroke(int width, Paint paint) {}
}
