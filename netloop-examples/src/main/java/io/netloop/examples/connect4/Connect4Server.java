package io.netloop.examples.connect4;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import io.netloop.examples.connect4.Protocol.Drop;
import io.netloop.examples.connect4.Protocol.Hello;
import io.netloop.examples.connect4.Protocol.QuickMatch;
import io.netloop.examples.connect4.Protocol.Refused;
import io.netloop.examples.connect4.Protocol.Say;
import io.netloop.examples.connect4.Protocol.Watch;
import io.netloop.examples.connect4.Protocol.Welcome;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Connect Four server: the only authority on every game. It says hello to clients, pairs them
 * in quick matches, seats spectators, relays chat, and plays every move on its own {@link Board},
 * refusing what the rules refuse, so a modified client cannot cheat. A client whose link drops
 * keeps its seat: netloop resumes the same connection, and a client that has to connect anew
 * takes its seat back with the ticket of its {@link Protocol.Welcome}. A player gone for {@link
 * Lobby#SEAT_KEPT_NANOS} loses the game.
 *
 * <p>Drive it from one thread: poll its net and call {@link #update} once a loop.
 */
public final class Connect4Server implements Listener {
    private final Host host;
    private final Consumer<String> log;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Player> byTicket = new HashMap<>();
    private final Lobby lobby;
    private long now = System.nanoTime();

    /**
     * Starts listening.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri e.g. {@code tcp://0.0.0.0:7777}
     * @param log where the server reports what happens
     */
    public Connect4Server(Net net, String uri, Consumer<String> log) {
        this.log = log;
        this.host = net.listen(uri, this);
        this.lobby = new Lobby(host, log);
    }

    /**
     * The host the server listens on.
     *
     * @return the host
     */
    public Host host() {
        return host;
    }

    /**
     * Ends the games of players gone too long. Call it once a loop, after polling.
     *
     * @param nowNanos the time in nanoseconds, from one clock (e.g. {@link System#nanoTime()}) on every call
     */
    public void update(long nowNanos) {
        now = nowNanos;
        lobby.forfeitTheGone(nowNanos, byTicket);
    }

    /**
     * How many games have ended, for tests and the console.
     *
     * @return games won, drawn or forfeited
     */
    public int gamesFinished() {
        return lobby.gamesFinished();
    }

    @Override
    public void onData(Peer peer, int channel, byte[] data, long sequence) {
        Record message = Messages.decodeOrClose(Protocol.CODEC, peer, data, log);
        if (message == null) {
            return;
        }
        Player player = peer.attachment();
        if (message instanceof Hello hello) {
            hello(peer, player, hello);
        } else if (player == null) {
            refuse(peer, "say hello first");
        } else if (message instanceof QuickMatch) {
            lobby.quickMatch(player);
        } else if (message instanceof Watch watch) {
            lobby.watch(player, watch.game());
        } else if (message instanceof Drop drop) {
            lobby.drop(player, drop.game(), drop.column());
        } else if (message instanceof Say say) {
            lobby.say(player, say.text());
        } else {
            log.accept("closing " + player.name + ": a client does not send " + message);
            peer.close();
        }
    }

    private void hello(Peer peer, Player already, Hello hello) {
        if (already != null) {
            refuse(peer, "you said hello already");
            return;
        }
        Player player = byTicket.get(hello.ticket());
        if (player != null && player.name.equals(hello.name())) {
            Peer old = player.peer;
            if (old != null && old != peer) {
                old.attach(null); // the old link is dead or stolen; the seat moves to this one
                old.close();
            }
            log.accept(player.name + " is back from " + peer.remoteAddress());
        } else {
            long ticket;
            do {
                ticket = random.nextLong();
            } while (ticket == 0 || byTicket.containsKey(ticket));
            player = new Player(hello.name(), ticket);
            byTicket.put(ticket, player);
            log.accept(player.name + " joined from " + peer.remoteAddress());
        }
        player.peer = peer;
        player.goneSince = 0;
        peer.attach(player);
        player.send(new Welcome(player.ticket));
        lobby.arrived(player);
    }

    @Override
    public void onReconnecting(Peer peer, String detail) {
        Player player = peer.attachment();
        if (player != null) {
            lobby.tellGame(player, player.name + " lost the link; their seat is kept");
        }
    }

    @Override
    public void onReconnected(Peer peer, boolean resumed, String detail) {
        Player player = peer.attachment();
        if (player != null) {
            lobby.tellGame(player, player.name + " is back");
        }
    }

    @Override
    public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
        Player player = peer.attachment();
        if (player == null || player.peer != peer) {
            return;
        }
        player.peer = null;
        player.goneSince = now;
        log.accept(player.name + " left (" + reason + ")");
        if (!lobby.left(player)) {
            byTicket.remove(player.ticket); // not in a game: nothing to come back to
        }
    }

    private static void refuse(Peer peer, String why) {
        Protocol.CODEC.send(peer, Protocol.GAME, new Refused(why), Delivery.RELIABLE);
    }
}
