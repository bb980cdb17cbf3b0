package io.netloop.bench.netty;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code storm role=clients clients=1000 port=<n>}: starts every connect at once on one event loop
 * thread and times them until the last {@code channelActive}, Netty's connected event.
 */
final class StormClients {
    private StormClients() {}

    /**
     * Runs the scenario.
     *
     * @param params its arguments
     * @return {@code seconds connections}
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Params params) throws InterruptedException {
        int clients = Math.toIntExact(params.number("clients", 1000));
        int port = params.port();
        long limitNanos = TimeUnit.SECONDS.toNanos(params.number("limitSeconds", 60));

        Failure failure = new Failure();
        NioEventLoopGroup group = Tuning.oneLoop("clients");
        Roster roster = new Roster(clients, group.next());
        try {
            Bootstrap bootstrap = Tuning.client(
                    group,
                    (int) TimeUnit.NANOSECONDS.toMillis(limitNanos),
                    p -> p.addLast(Tuning.decoder(), Tuning.prepender(), roster, failure));
            InetSocketAddress host = new InetSocketAddress("127.0.0.1", port); // a literal: no lookup, never ::1
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                bootstrap.connect(host).addListener(f -> {
                    if (!f.isSuccess()) {
                        failure.record(f.cause());
                    }
                });
            }
            if (!failure.await(roster.joined(), start + limitNanos)) {
                throw new IllegalStateException(
                        "only " + roster.joinedCount() + " of " + clients + " clients connected within limitSeconds");
            }
            double seconds = (roster.lastJoinNanos() - start) / 1e9;
            roster.channels().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            return new Result().put("seconds", seconds).put("connections", roster.joinedCount());
        } finally {
            Tuning.shutdown(group);
        }
    }
}
