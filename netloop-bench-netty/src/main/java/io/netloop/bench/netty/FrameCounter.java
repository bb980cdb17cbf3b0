package io.netloop.bench.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CountDownLatch;

/**
 * The throughput host: counts decoded frames, releases each, and notes when the last expected one
 * arrived. Runs on the host's event loop; the count is only touched there.
 */
final class FrameCounter extends ChannelInboundHandlerAdapter {
    private final long expected;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long counted;
    private long count;
    private long endNanos;

    /** @param expected how many frames make the run complete */
    FrameCounter(long expected) {
        this.expected = expected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object frame) {
        ReferenceCountUtil.release(frame);
        if (++count == expected) {
            endNanos = System.nanoTime();
            counted = count;
            done.countDown();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        counted = count; // for the failure message only, so once per read, not per frame
        ctx.fireChannelReadComplete();
    }

    /**
     * Opens once every expected frame has been counted.
     *
     * @return the latch; after it opens, {@link #endNanos()} is valid
     */
    CountDownLatch done() {
        return done;
    }

    /**
     * When the last expected frame was counted; valid once {@link #done()} has opened.
     *
     * @return {@link System#nanoTime()} then
     */
    long endNanos() {
        return endNanos;
    }

    /**
     * How many frames had been counted at the end of the latest read; any thread may call.
     *
     * @return frames
     */
    long counted() {
        return counted;
    }
}
