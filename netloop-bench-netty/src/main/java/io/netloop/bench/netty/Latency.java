package io.netloop.bench.netty;

import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * {@code latency rounds=100000 warmup=20000 size=32}: ping-pong between a client and an echoing
 * host in this JVM, each on an event loop thread of its own, every message flushed at once.
 */
final class Latency {
    private Latency() {}

    /**
     * Runs the scenario.
     *
     * @param params its arguments
     * @return {@code p50Micros p99Micros p999Micros}
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Params params) throws InterruptedException {
        long rounds = params.number("rounds", 100_000);
        long warmup = params.number("warmup", 20_000);
        int size = Math.toIntExact(params.number("size", 32));
        long limitNanos = TimeUnit.SECONDS.toNanos(params.number("limitSeconds", 60));
        long deadline = System.nanoTime() + limitNanos;

        Failure failure = new Failure();
        Echo echo = new Echo();
        Pinger pinger = new Pinger(warmup, rounds, new byte[size]);
        NioEventLoopGroup hostLoop = Tuning.oneLoop("host");
        NioEventLoopGroup clientLoop = Tuning.oneLoop("client");
        try {
            Channel server = Tuning.bindLoopback(
                    Tuning.host(hostLoop, p -> p.addLast(Tuning.decoder(), Tuning.prepender(), echo, failure)));
            Channel client = Tuning.client(
                            clientLoop,
                            (int) TimeUnit.NANOSECONDS.toMillis(limitNanos),
                            p -> p.addLast(Tuning.decoder(), Tuning.prepender(), pinger, failure))
                    .connect("127.0.0.1", Tuning.port(server))
                    .syncUninterruptibly()
                    .channel();
            if (!failure.await(pinger.done(), deadline)) {
                throw new IllegalStateException("only " + pinger.rounds() + " of " + (warmup + rounds)
                        + " round trips completed within limitSeconds");
            }
            client.close().syncUninterruptibly();
            server.close().syncUninterruptibly();
            return Measure.percentiles(new Result(), pinger.rtts());
        } finally {
            Tuning.shutdown(clientLoop, hostLoop);
        }
    }
}
