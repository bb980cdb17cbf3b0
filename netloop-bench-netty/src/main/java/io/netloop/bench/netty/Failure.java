package io.netloop.bench.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first error any connection of a scenario saw, so that the main thread fails the run instead
 * of waiting out its time limit. Sits last in each pipeline; Netty calls it on the event loop.
 */
@ChannelHandler.Sharable
final class Failure extends ChannelInboundHandlerAdapter {
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        record(cause);
        ctx.close();
    }

    /**
     * Keeps the first error; later ones are consequences.
     *
     * @param cause what went wrong
     */
    void record(Throwable cause) {
        first.compareAndSet(null, cause);
    }

    /**
     * Waits for a latch until a deadline, failing early if an error was recorded.
     *
     * @param latch what to wait for
     * @param deadlineNanos on the {@link System#nanoTime()} clock
     * @return whether the latch opened before the deadline
     * @throws IllegalStateException if a connection failed
     * @throws InterruptedException if interrupted
     */
    boolean await(CountDownLatch latch, long deadlineNanos) throws InterruptedException {
        while (true) {
            throwIfAny();
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return latch.getCount() == 0;
            }
            if (latch.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
                throwIfAny();
                return true;
            }
        }
    }

    /**
     * Fails the run if any connection failed.
     *
     * @throws IllegalStateException carrying the first error
     */
    void throwIfAny() {
        Throwable t = first.get();
        if (t != null) {
            throw new IllegalStateException("a connection failed: " + t, t);
        }
    }
}
