package io.netloop.awt;

import java.awt.EventQueue;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Runs test code on the event-dispatch thread and waits for it. */
final class Edt {
    private Edt() {}

    static <T> T get(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        run(() -> result.set(work.get()));
        return result.get();
    }

    static void run(Runnable work) {
        try {
            EventQueue.invokeAndWait(work);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the EDT", e);
        }
    }

    /** Waits until everything posted to the event queue before this call has been dispatched. */
    static void drain() {
        run(() -> {});
    }

    /** Whether a thread named {@link BackgroundNet#THREAD_NAME} is alive. */
    static boolean pollThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(BackgroundNet.THREAD_NAME));
    }
}
