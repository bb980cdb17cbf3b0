package io.netloop.examples.launcher;

import java.util.List;

/** The example games the launcher offers. */
final class Games {
    static final List<ExampleGame> ALL = List.of();

    private Games() {}
}
