package io.netloop.examples.connect4;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One game on the server: its board, the moves in order, its two players and its spectators. */
final class Game {
    final int id;
    final Board board = new Board();
    final List<Integer> columns = new ArrayList<>();
    final Player red;
    final Player yellow;
    final Set<Player> spectators = new LinkedHashSet<>();

    Game(int id, Player red, Player yellow) {
        this.id = id;
        this.red = red;
        this.yellow = yellow;
    }

    Player at(int seat) {
        return seat == Board.RED ? red : yellow;
    }

    /** Players first, then spectators. */
    List<Player> everyone() {
        List<Player> all = new ArrayList<>(List.of(red, yellow));
        all.addAll(spectators);
        return all;
    }

    Protocol.GameState stateFor(Player player) {
        int seat = player == red ? Board.RED : player == yellow ? Board.YELLOW : Protocol.SPECTATOR;
        return new Protocol.GameState(id, red.name, yellow.name, seat, List.copyOf(columns), board.result());
    }

    Protocol.GameInfo info() {
        return new Protocol.GameInfo(id, red.name, yellow.name, board.moves(), spectators.size());
    }
}
