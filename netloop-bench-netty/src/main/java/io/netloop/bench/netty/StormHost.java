package io.netloop.bench.netty;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.channel.Channel;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * {@code storm role=host clients=1000}: accepts on one event loop thread (Netty's default backlog,
 * the system's {@code somaxconn}) until every client has connected and gone.
 */
final class StormHost {
    private StormHost() {}

    /**
     * Runs the scenario; prints {@code PORT <n>} once it listens.
     *
     * @param params its arguments
     * @return {@code connections}
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Params params) throws InterruptedException {
        int clients = Math.toIntExact(params.number("clients", 1000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(params.number("limitSeconds", 60));

        Failure failure = new Failure();
        NioEventLoopGroup group = Tuning.oneLoop("host");
        Roster roster = new Roster(clients, group.next());
        try {
            Channel server = Tuning.bindLoopback(
                    Tuning.host(group, p -> p.addLast(Tuning.decoder(), Tuning.prepender(), roster, failure)));
            System.out.println("PORT " + Tuning.port(server));
            System.out.flush();
            if (!failure.await(roster.left(), deadline)) {
                throw new IllegalStateException(roster.joinedCount() + " of " + clients + " clients connected and "
                        + roster.leftCount() + " left within limitSeconds");
            }
            server.close().syncUninterruptibly();
            return new Result().put("connections", roster.joinedCount());
        } finally {
            Tuning.shutdown(group);
        }
    }
}
