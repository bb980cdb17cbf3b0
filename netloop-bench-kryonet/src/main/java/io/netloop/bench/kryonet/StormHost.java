package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Server;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;

/**
 * The host of the connect storm: a {@link Server} with default buffers, its update thread
 * accepting. KryoNet binds with Java's default listen backlog of 50 and offers no way to raise it.
 * Exits once every client has connected and gone, or at {@code limitSeconds}. Prints {@code
 * connections} (the most connected at once), {@code accepted} (also counting connections a client
 * had given up on, see {@link StormClients}) and {@code seconds} from the first to the last
 * connection as the host saw them (until all were connected at once).
 */
final class StormHost {
    private StormHost() {}

    static Result run(Params p) throws Exception {
        int clients = (int) p.number("clients", 1000);
        Limit limit = Limit.of(p);
        Server server = new Server();
        try {
            Roster roster = new Roster(clients);
            int port = Network.serve(server, roster);
            KryoNetPeer.announce(port);
            while ((!roster.wasFull() || roster.present() > 0) && limit.remains()) {
                Thread.sleep(20);
            }
            if (!roster.wasFull()) {
                throw limit.exceeded("only " + roster.peak() + " of " + clients + " clients were connected at once");
            }
            return new Result()
                    .put("seconds", (roster.fullAt() - roster.firstJoinAt()) / 1e9)
                    .put("connections", roster.peak())
                    .put("accepted", roster.joined());
        } finally {
            server.stop();
        }
    }
}
