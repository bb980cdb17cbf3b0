package io.netloop.awt;

import java.awt.EventQueue;
import java.util.function.Consumer;

/**
 * Hands what the game's code threw to the game's error handler on the EDT, each in an event of its
 * own, so that a failing handler never breaks the loop that found the error (a Swing {@code Timer}
 * whose action throws stops firing). Without a handler the error is rethrown from that event, and
 * reaches the EDT's uncaught-exception handler like any exception thrown by a Swing listener.
 */
final class ErrorReporter {
    private volatile Consumer<? super Throwable> handler;

    /** Any thread; {@code null} restores the default. */
    void setHandler(Consumer<? super Throwable> handler) {
        this.handler = handler;
    }

    /** Any thread. */
    void report(Throwable error) {
        EventQueue.invokeLater(() -> {
            Consumer<? super Throwable> h = handler;
            if (h != null) {
                h.accept(error);
            } else if (error instanceof RuntimeException e) {
                throw e;
            } else if (error instanceof Error e) {
                throw e;
            } else {
                throw new IllegalStateException(error);
            }
        });
    }
}
