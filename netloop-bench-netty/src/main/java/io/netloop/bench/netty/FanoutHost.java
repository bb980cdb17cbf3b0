package io.netloop.bench.netty;

import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanout role=host clients=500 hz=20 seconds=10 size=64 broadcast=loop|group}: one event
 * loop thread accepts every client and broadcasts to them all at a fixed rate, then closes them.
 * Each connection's pipeline is what a game host would have: a frame decoder for its input, the
 * length prepender for its output.
 */
final class FanoutHost {
    private FanoutHost() {}

    /**
     * Runs the scenario; prints {@code PORT <n>} once it listens.
     *
     * @param params its arguments
     * @return {@code hostCpuSeconds heapPerConnectionBytes rssPerConnectionBytes sent}
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Params params) throws InterruptedException {
        int clients = Math.toIntExact(params.number("clients", 500));
        long hz = params.number("hz", 20);
        long seconds = params.number("seconds", 10);
        int size = Math.toIntExact(params.number("size", 64));
        Broadcaster.Mode mode =
                Broadcaster.Mode.valueOf(params.text("broadcast", "loop").toUpperCase(Locale.ROOT));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.number("limitSeconds", 60));

        Failure failure = new Failure();
        NioEventLoopGroup group = Tuning.oneLoop("host");
        EventLoop loop = group.next();
        Roster roster = new Roster(clients, loop);
        try {
            Channel server = Tuning.bindLoopback(
                    Tuning.host(group, p -> p.addLast(Tuning.decoder(), Tuning.prepender(), roster, failure)));
            long heapBefore = Measure.heapAfterGc();
            long rssBefore = Measure.rssBytes();
            System.out.println("PORT " + Tuning.port(server));
            System.out.flush();
            if (!failure.await(roster.joined(), deadline)) {
                throw new IllegalStateException(
                        "only " + roster.joinedCount() + " of " + clients + " clients connected within limitSeconds");
            }
            long heapAfter = Measure.heapAfterGc();
            long rssAfter = Measure.rssBytes();

            Broadcaster broadcaster =
                    new Broadcaster(mode, roster.channels(), server.alloc(), size, Math.max(1, hz * seconds));
            long cpuBefore = Measure.processCpuNanos();
            broadcaster.scheduledAs(
                    loop.scheduleAtFixedRate(broadcaster, 0, TimeUnit.SECONDS.toNanos(1) / hz, TimeUnit.NANOSECONDS));
            if (!failure.await(broadcaster.done(), deadline)) {
                throw new IllegalStateException("the broadcast did not finish within limitSeconds");
            }
            double cpuSeconds = (Measure.processCpuNanos() - cpuBefore) / 1e9;
            if (!failure.await(roster.left(), deadline)) {
                throw new IllegalStateException(
                        (clients - roster.leftCount()) + " clients were still connected at limitSeconds");
            }
            server.close().syncUninterruptibly();
            return new Result()
                    .put("hostCpuSeconds", cpuSeconds)
                    .put("heapPerConnectionBytes", (double) (heapAfter - heapBefore) / clients)
                    .put("rssPerConnectionBytes", rssBefore < 0 ? -1 : (double) (rssAfter - rssBefore) / clients)
                    .put("sent", broadcaster.sent());
        } finally {
            Tuning.shutdown(group);
        }
    }
}
