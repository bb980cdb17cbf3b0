package io.netloop.examples.connect4;

import io.netloop.Host;
import io.netloop.examples.connect4.Protocol.Ended;
import io.netloop.examples.connect4.Protocol.GameInfo;
import io.netloop.examples.connect4.Protocol.Moved;
import io.netloop.examples.connect4.Protocol.Refused;
import io.netloop.examples.connect4.Protocol.Said;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server's rooms: who waits for a quick match, the games running, and who watches them. Every
 * request is checked here against the player's seat and the {@link Board}; what fails is refused
 * with the reason and changes nothing.
 */
final class Lobby {
    /** How long a player who lost its connection keeps its seat: 30 seconds. */
    static final long SEAT_KEPT_NANOS = 30_000_000_000L;

    private final Host host;
    private final Consumer<String> log;
    private final ArrayDeque<Player> waiting = new ArrayDeque<>();
    private final Map<Integer, Game> games = new LinkedHashMap<>();
    private final List<Player> here = new ArrayList<>();
    private int nextGame = 1;
    private int finished;

    Lobby(Host host, Consumer<String> log) {
        this.host = host;
        this.log = log;
    }

    int gamesFinished() {
        return finished;
    }

    void arrived(Player player) {
        if (!here.contains(player)) {
            here.add(player);
        }
        if (player.game != null) {
            player.send(player.game.stateFor(player)); // back in its seat, with the moves it missed
        }
        changed();
    }

    /** The player's connection ended; returns whether it keeps a seat to come back to. */
    boolean left(Player player) {
        waiting.remove(player);
        if (player.playing()) {
            tellGame(player, player.name + " left; their seat is kept for " + SEAT_KEPT_NANOS / 1_000_000_000 + " s");
            return true;
        }
        if (player.game != null) {
            player.game.spectators.remove(player);
            player.game = null;
        }
        here.remove(player);
        changed();
        return false;
    }

    void quickMatch(Player player) {
        if (player.playing()) {
            player.send(new Refused("finish your game first"));
            return;
        }
        stopWatching(player);
        if (waiting.contains(player)) {
            return;
        }
        Player other = waiting.poll();
        if (other == null) {
            waiting.add(player);
        } else {
            Game game = new Game(nextGame++, other, player);
            games.put(game.id, game);
            seat(other, game, Board.RED);
            seat(player, game, Board.YELLOW);
            log.accept("game " + game.id + ": " + other.name + " against " + player.name);
        }
        changed();
    }

    void watch(Player player, int id) {
        Game game = games.get(id);
        if (game == null) {
            player.send(new Refused("there is no game " + id + " running"));
        } else if (player.playing()) {
            player.send(new Refused("finish your game first"));
        } else {
            stopWatching(player);
            waiting.remove(player);
            game.spectators.add(player);
            seat(player, game, Protocol.SPECTATOR);
            changed();
        }
    }

    void drop(Player player, int id, int column) {
        Game game = player.game;
        if (game == null || game.id != id) {
            player.send(new Refused("you are not in game " + id));
            return;
        }
        if (player.seat == Protocol.SPECTATOR) {
            player.send(new Refused("spectators cannot move"));
            return;
        }
        String why = game.board.refusal(player.seat, column);
        if (why != null) {
            player.send(new Refused(why));
            return;
        }
        game.board.drop(column);
        game.columns.add(column);
        Moved moved = new Moved(id, game.board.moves(), column);
        game.everyone().forEach(p -> p.send(moved));
        int result = game.board.result();
        if (result != Board.NONE) {
            end(game, result, result == Board.DRAW ? "the board is full" : "four in a row");
        } else {
            changed(); // the lobby shows each game's moves
        }
    }

    void say(Player player, String text) {
        Said said = new Said(player.name, text);
        if (player.game != null) {
            player.game.everyone().forEach(p -> p.send(said));
        } else {
            here.stream().filter(p -> p.game == null).forEach(p -> p.send(said));
        }
    }

    /** Tells the players and spectators of the player's game something, as a chat line. */
    void tellGame(Player player, String text) {
        if (player.game != null) {
            Said said = new Said("server", text);
            player.game.everyone().stream().filter(p -> p != player).forEach(p -> p.send(said));
        }
    }

    void forfeitTheGone(long now, Map<Long, Player> byTicket) {
        for (Game game : List.copyOf(games.values())) {
            for (int seat : new int[] {Board.RED, Board.YELLOW}) {
                Player p = game.at(seat);
                if (p.peer == null && now - p.goneSince > SEAT_KEPT_NANOS && games.containsKey(game.id)) {
                    end(game, seat == Board.RED ? Board.YELLOW : Board.RED, p.name + " did not come back");
                }
            }
        }
        byTicket.values().removeIf(p -> p.peer == null && p.game == null);
    }

    private void end(Game game, int result, String why) {
        Ended ended = new Ended(game.id, result, why);
        for (Player p : game.everyone()) {
            p.send(ended);
            p.game = null;
            p.seat = Protocol.SPECTATOR;
            if (p.peer == null) {
                here.remove(p);
            }
        }
        games.remove(game.id);
        finished++;
        log.accept("game " + game.id + " ended: " + why);
        changed();
    }

    private void seat(Player player, Game game, int seat) {
        player.game = game;
        player.seat = seat;
        player.send(game.stateFor(player));
    }

    private void stopWatching(Player player) {
        if (player.game != null && player.seat == Protocol.SPECTATOR) {
            player.game.spectators.remove(player);
            player.game = null;
        }
    }

    /** Sends everyone the lobby as it is now. */
    private void changed() {
        List<GameInfo> running = games.values().stream().map(Game::info).toList();
        List<String> names = waiting.stream().map(p -> p.name).toList();
        Protocol.Lobby lobby = new Protocol.Lobby(running, names, host.peers().size());
        here.forEach(p -> p.send(lobby));
    }
}
