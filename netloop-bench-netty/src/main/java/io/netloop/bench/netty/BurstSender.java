package io.netloop.bench.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The throughput client: streams {@code messages} payloads from its event loop, in bursts of at
 * most {@value #BURST} per task so the loop still gets to do I/O between them. Each message is a
 * pooled direct buffer the payload is copied into, as a game would encode a fresh message.
 *
 * <p>Backpressure is Netty's own: a burst stops as soon as {@code isWritable()} turns false (the
 * outbound buffer passed its high watermark) and resumes on {@code channelWritabilityChanged}.
 * With {@code flushEach} every message is {@code writeAndFlush}ed; otherwise a burst is written and
 * then flushed once. Writes use the void promise, so no future is allocated per message.
 */
final class BurstSender extends ChannelInboundHandlerAdapter implements Runnable {
    /** The most messages one task writes before it yields to the event loop. */
    static final int BURST = 1_000;

    private final long messages;
    private final byte[] payload;
    private final boolean flushEach;
    private volatile long startNanos;
    private ChannelHandlerContext ctx;
    private long sent;
    private boolean scheduled;

    /**
     * @param messages how many to send in all
     * @param payload the bytes of each message
     * @param flushEach flush every message rather than once per burst
     */
    BurstSender(long messages, byte[] payload, boolean flushEach) {
        this.messages = messages;
        this.payload = payload;
        this.flushEach = flushEach;
    }

    /**
     * When the first message was sent.
     *
     * @return {@link System#nanoTime()} at the first send; any thread may call
     */
    long startNanos() {
        return startNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        startNanos = System.nanoTime();
        schedule();
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            schedule();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void run() {
        scheduled = false;
        int burst = 0;
        while (burst < BURST && sent < messages && ctx.channel().isWritable()) {
            ByteBuf message = ctx.alloc().directBuffer(payload.length).writeBytes(payload);
            if (flushEach) {
                ctx.writeAndFlush(message, ctx.voidPromise());
            } else {
                ctx.write(message, ctx.voidPromise());
            }
            sent++;
            burst++;
        }
        if (!flushEach && burst > 0) {
            ctx.flush();
        }
        if (ctx.channel().isWritable()) {
            schedule(); // else channelWritabilityChanged resumes
        }
    }

    private void schedule() {
        if (!scheduled && sent < messages && ctx.channel().isActive()) {
            scheduled = true;
            ctx.executor().execute(this);
        }
    }
}
