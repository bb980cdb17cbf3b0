package io.netloop.bench.netty;

import io.netloop.bench.peer.Measure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;

/**
 * The latency client: sends one message, and the next when its echo arrives, recording each round
 * trip after the warm-up. Runs on the client's event loop; the histogram is handed over through
 * {@link #done()}.
 */
final class Pinger extends ChannelInboundHandlerAdapter {
    private final long warmup;
    private final long total;
    private final byte[] payload;
    private final Histogram rtts = Measure.rttHistogram();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long rounds;
    private long sentNanos;

    /**
     * @param warmup round trips not recorded
     * @param rounds round trips recorded after them
     * @param payload the bytes of each message
     */
    Pinger(long warmup, long rounds, byte[] payload) {
        this.warmup = warmup;
        this.total = warmup + rounds;
        this.payload = payload;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ping(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object echo) {
        long rtt = System.nanoTime() - sentNanos;
        ReferenceCountUtil.release(echo);
        long n = rounds + 1;
        rounds = n;
        if (n > warmup) {
            rtts.recordValue(Math.min(rtt, rtts.getHighestTrackableValue()));
        }
        if (n == total) {
            done.countDown();
        } else {
            ping(ctx);
        }
    }

    /**
     * Opens after the last round trip; {@link #rtts()} is complete then.
     *
     * @return the latch
     */
    CountDownLatch done() {
        return done;
    }

    /**
     * The recorded round trips in nanoseconds; read only after {@link #done()} opened.
     *
     * @return the histogram
     */
    Histogram rtts() {
        return rtts;
    }

    /**
     * Round trips completed so far, warm-up included; any thread may call.
     *
     * @return the count
     */
    long rounds() {
        return rounds;
    }

    private void ping(ChannelHandlerContext ctx) {
        sentNanos = System.nanoTime();
        ctx.writeAndFlush(ctx.alloc().directBuffer(payload.length).writeBytes(payload), ctx.voidPromise());
    }
}
