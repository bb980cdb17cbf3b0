package io.netloop.bench.netty;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * {@code throughput messages=2000000 size=32 flush=each|batched}: one client streams to a host in
 * this JVM, each side on an event loop thread of its own. Measured from the first send to the last
 * frame the host counted.
 */
final class Throughput {
    private Throughput() {}

    /**
     * Runs the scenario.
     *
     * @param params its arguments
     * @return {@code messagesPerSecond messages seconds}
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Params params) throws InterruptedException {
        long messages = params.number("messages", 2_000_000);
        int size = Math.toIntExact(params.number("size", 32));
        boolean flushEach = flushEach(params.text("flush", "batched"));
        long limitNanos = TimeUnit.SECONDS.toNanos(params.number("limitSeconds", 60));
        long deadline = System.nanoTime() + limitNanos;

        Failure failure = new Failure();
        FrameCounter counter = new FrameCounter(messages);
        BurstSender sender = new BurstSender(messages, new byte[size], flushEach);
        NioEventLoopGroup hostLoop = Tuning.oneLoop("host");
        NioEventLoopGroup clientLoop = Tuning.oneLoop("client");
        try {
            Channel server =
                    Tuning.bindLoopback(Tuning.host(hostLoop, p -> p.addLast(Tuning.decoder(), counter, failure)));
            Channel client = Tuning.client(
                            clientLoop,
                            (int) TimeUnit.NANOSECONDS.toMillis(limitNanos),
                            p -> p.addLast(Tuning.prepender(), sender, failure))
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Tuning.streamingWaterMark())
                    .connect("127.0.0.1", Tuning.port(server))
                    .syncUninterruptibly()
                    .channel();
            if (!failure.await(counter.done(), deadline)) {
                throw new IllegalStateException(
                        "the host counted " + counter.counted() + " of " + messages + " messages within limitSeconds");
            }
            double seconds = (counter.endNanos() - sender.startNanos()) / 1e9;
            client.close().syncUninterruptibly();
            server.close().syncUninterruptibly();
            return new Result()
                    .put("messagesPerSecond", messages / seconds)
                    .put("messages", messages)
                    .put("seconds", seconds);
        } finally {
            Tuning.shutdown(clientLoop, hostLoop);
        }
    }

    private static boolean flushEach(String flush) {
        switch (flush) {
            case "each":
                return true;
            case "batched":
                return false;
            default:
                throw new IllegalArgumentException("flush=" + flush + " is not each or batched");
        }
    }
}
