package io.netloop.bench.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The latency host: sends each decoded frame straight back. The frame is a slice of the receive
 * buffer, so the echo copies nothing; writing it hands its reference to Netty, which releases it.
 */
@ChannelHandler.Sharable
final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object frame) {
        ctx.writeAndFlush(frame, ctx.voidPromise());
    }
}
