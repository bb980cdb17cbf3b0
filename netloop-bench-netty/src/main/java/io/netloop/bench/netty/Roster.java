package io.netloop.bench.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who is connected, for the many-connection scenarios (fan-out, storm), on either side: every
 * active channel joins a {@link ChannelGroup} (which drops it when it closes), joins and leaves
 * open latches, and inbound frames are counted and released. One instance serves every channel;
 * Netty calls it on the event loop, other threads read it.
 */
@ChannelHandler.Sharable
final class Roster extends ChannelInboundHandlerAdapter {
    private final int expected;
    private final ChannelGroup channels;
    private final CountDownLatch joined;
    private final CountDownLatch left;
    private final LongAdder frames = new LongAdder();
    private volatile long lastJoinNanos;

    /**
     * @param expected how many connections make the roster full
     * @param loop the event loop the group notifies on
     */
    Roster(int expected, EventExecutor loop) {
        this.expected = expected;
        this.channels = new DefaultChannelGroup(loop);
        this.joined = new CountDownLatch(expected);
        this.left = new CountDownLatch(expected);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channels.add(ctx.channel());
        lastJoinNanos = System.nanoTime();
        joined.countDown();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        left.countDown();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object frame) {
        ReferenceCountUtil.release(frame);
        frames.increment();
    }

    /**
     * The connected channels; closed ones drop out.
     *
     * @return the group
     */
    ChannelGroup channels() {
        return channels;
    }

    /**
     * Opens when the expected number of connections have become active.
     *
     * @return the latch
     */
    CountDownLatch joined() {
        return joined;
    }

    /**
     * Opens when the expected number of connections have closed.
     *
     * @return the latch
     */
    CountDownLatch left() {
        return left;
    }

    /**
     * How many connections have become active, capped at the expected number.
     *
     * @return the count
     */
    long joinedCount() {
        return expected - joined.getCount();
    }

    /**
     * How many connections have closed, capped at the expected number.
     *
     * @return the count
     */
    long leftCount() {
        return expected - left.getCount();
    }

    /**
     * When the latest connection became active.
     *
     * @return {@link System#nanoTime()} then
     */
    long lastJoinNanos() {
        return lastJoinNanos;
    }

    /**
     * Frames received on all channels so far.
     *
     * @return the count
     */
    long frames() {
        return frames.sum();
    }

    /**
     * Copies the group into an array, for a broadcast loop that indexes instead of iterating.
     *
     * @return the channels connected now
     */
    Channel[] snapshot() {
        return channels.toArray(new Channel[0]);
    }
}
