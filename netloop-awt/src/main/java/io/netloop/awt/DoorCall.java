package io.netloop.awt;

import io.netloop.Net;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Work given to {@link BackgroundNet#call}: run on the poll thread, awaited by the caller, who gets
 * the result or the very exception the work threw.
 */
final class DoorCall<T> implements Runnable {
    private final Net net;
    private final Function<? super Net, ? extends T> work;
    private final CompletableFuture<T> result = new CompletableFuture<>();

    DoorCall(Net net, Function<? super Net, ? extends T> work) {
        this.net = net;
        this.work = work;
    }

    /** On the poll thread; never throws. */
    @Override
    public void run() {
        try {
            result.complete(work.apply(net));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    /** On the poll thread, for work that will never run. */
    void fail(RuntimeException e) {
        result.completeExceptionally(e);
    }

    /** On the caller's thread. The poll thread never waits for another thread, so this ends. */
    T await() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
