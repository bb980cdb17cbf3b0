package io.netloop.bench.netty;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanout role=clients clients=500 port=<n> hz=20 seconds=10}: connects every client at once
 * on one event loop thread and counts the frames they receive until the host has closed them all,
 * or {@code seconds + 10} after they connected.
 */
final class FanoutClients {
    private FanoutClients() {}

    /**
     * Runs the scenario.
     *
     * @param params its arguments
     * @return {@code delivered deliveredPerSecond missed}; per second over the nominal {@code
     *     seconds}
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Params params) throws InterruptedException {
        int clients = Math.toIntExact(params.number("clients", 500));
        int port = params.port();
        long hz = params.number("hz", 20);
        long seconds = params.number("seconds", 10);
        long limitNanos = TimeUnit.SECONDS.toNanos(params.number("limitSeconds", 60));

        Failure failure = new Failure();
        NioEventLoopGroup group = Tuning.oneLoop("clients");
        Roster roster = new Roster(clients, group.next());
        try {
            Bootstrap bootstrap = Tuning.client(
                    group,
                    (int) TimeUnit.NANOSECONDS.toMillis(limitNanos),
                    p -> p.addLast(Tuning.decoder(), roster, failure));
            InetSocketAddress host = new InetSocketAddress("127.0.0.1", port); // a literal: no lookup, never ::1
            for (int i = 0; i < clients; i++) {
                bootstrap.connect(host).addListener(f -> {
                    if (!f.isSuccess()) {
                        failure.record(f.cause());
                    }
                });
            }
            if (!failure.await(roster.joined(), System.nanoTime() + limitNanos)) {
                throw new IllegalStateException(
                        "only " + roster.joinedCount() + " of " + clients + " clients connected within limitSeconds");
            }
            failure.await(roster.left(), System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 10));
            long delivered = roster.frames();
            roster.channels().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            return new Result()
                    .put("delivered", delivered)
                    .put("deliveredPerSecond", (double) delivered / seconds)
                    .put("missed", hz * seconds * clients - delivered);
        } finally {
            Tuning.shutdown(group);
        }
    }
}
