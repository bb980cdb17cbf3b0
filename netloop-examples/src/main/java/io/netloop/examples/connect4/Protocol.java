package io.netloop.examples.connect4;

import io.netloop.NetConfig;
import io.netloop.codec.Codec;
import io.netloop.examples.Messages;
import java.util.List;

/**
 * Every message of Connect Four, in one place. Everything travels {@code RELIABLE} over {@code
 * tcp://}: a turn game needs every move in order and nothing faster.
 *
 * <ul>
 *   <li>{@link #GAME}: the lobby and the games. A client says {@link Hello}, the server answers
 *       {@link Welcome} and keeps it up to date with {@link Lobby}; {@link QuickMatch} seats a client
 *       in the next game, {@link Watch} makes it a spectator; {@link Drop} asks for a move. The
 *       server sends {@link GameState} when a client takes a seat or comes back, {@link Moved} for
 *       every move, {@link Ended} at the end, and {@link Refused} for a move it did not make.
 *   <li>{@link #CHAT}: {@link Say} from a client; {@link Said} to the players and spectators of its
 *       game, or to everyone in the lobby.
 * </ul>
 */
public final class Protocol {
    /** The lobby and the games: one ordered channel, so a move never overtakes the game it is in. */
    public static final int GAME = 0;

    /** Chat lines. */
    public static final int CHAT = 1;

    /** The port a server listens on unless told otherwise. */
    public static final int PORT = 7777;

    /** The game name servers advertise on the LAN. */
    public static final String LAN_NAME = "netloop-connect4";

    /** The longest name or chat line, in characters; longer ones are refused when decoded. */
    public static final int MAX_TEXT = 200;

    /** A spectator's seat in {@link GameState}. */
    public static final int SPECTATOR = 0;

    /**
     * A client introduces itself, or comes back.
     *
     * @param name 1 to 32 characters
     * @param ticket 0 the first time; the ticket of an earlier {@link Welcome} to take back its
     *     seat on a new connection
     */
    public record Hello(String name, long ticket) {
        /**
         * Refuses a missing or overlong name.
         *
         * @param name the name
         * @param ticket the ticket
         */
        public Hello {
            if (name == null || name.isBlank() || name.length() > 32) {
                throw new IllegalArgumentException("a name has 1 to 32 characters");
            }
        }
    }

    /**
     * The server knows the client now.
     *
     * @param ticket a secret that takes this player's seat back on a new connection
     */
    public record Welcome(long ticket) {}

    /** Seats the client in the next game: with whoever waits, or it waits. */
    public record QuickMatch() {}

    /**
     * Makes the client a spectator of a game.
     *
     * @param game the game's id
     */
    public record Watch(int game) {}

    /**
     * A move.
     *
     * @param game the game's id
     * @param column 0 to 6
     */
    public record Drop(int game, int column) {}

    /**
     * A chat line.
     *
     * @param text 1 to {@link #MAX_TEXT} characters
     */
    public record Say(String text) {
        /**
         * Refuses an empty or overlong line.
         *
         * @param text the line
         */
        public Say {
            if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
                throw new IllegalArgumentException("a chat line has 1 to " + MAX_TEXT + " characters");
            }
        }
    }

    /**
     * One game as the lobby lists it.
     *
     * @param id the game's id
     * @param red the first player's name
     * @param yellow the second player's name
     * @param moves discs dropped so far
     * @param spectators how many watch
     */
    public record GameInfo(int id, String red, String yellow, int moves, int spectators) {}

    /**
     * The lobby: the games running and who waits for a quick match.
     *
     * @param games the running games
     * @param waiting the names of those waiting
     * @param online everyone connected
     */
    public record Lobby(List<GameInfo> games, List<String> waiting, int online) {}

    /**
     * A game as it stands, sent to a client that takes a seat, watches, or comes back.
     *
     * @param id the game's id
     * @param red the first player's name
     * @param yellow the second player's name
     * @param seat the client's seat: {@link Board#RED}, {@link Board#YELLOW} or {@link #SPECTATOR}
     * @param columns every move so far, in order
     * @param result {@link Board#NONE} while it runs
     */
    public record GameState(int id, String red, String yellow, int seat, List<Integer> columns, int result) {}

    /**
     * A move the server made.
     *
     * @param game the game's id
     * @param number the move's number, from 1
     * @param column the column
     */
    public record Moved(int game, int number, int column) {}

    /**
     * A game ended.
     *
     * @param game the game's id
     * @param result {@link Board#RED}, {@link Board#YELLOW} or {@link Board#DRAW}
     * @param why e.g. "four in a row" or "yellow left"
     */
    public record Ended(int game, int result, String why) {}

    /**
     * A request the server did not carry out.
     *
     * @param why the reason, for the player
     */
    public record Refused(String why) {}

    /**
     * A chat line relayed by the server.
     *
     * @param from who said it
     * @param text the line
     */
    public record Said(String from, String text) {}

    /** The codec of all messages above, in one order that client and server share. */
    public static final Codec CODEC = Codec.builder()
            .register(Hello.class, Welcome.class, QuickMatch.class, Watch.class, Drop.class, Say.class)
            .register(GameInfo.class, Lobby.class, GameState.class, Moved.class, Ended.class, Refused.class)
            .register(Said.class)
            .maxStringBytes(4 * MAX_TEXT)
            .maxElements(1024)
            .build();

    private Protocol() {}

    /**
     * Settings for both ends: a client and server built from other messages refuse each other.
     *
     * @return the configuration
     */
    public static NetConfig config() {
        return configBuilder().build();
    }

    /**
     * The settings of {@link #config()}, to change more of them, e.g. timeouts in a test.
     *
     * @return a builder with the application id and the message set's agreement
     */
    public static NetConfig.Builder configBuilder() {
        return Messages.config(LAN_NAME, CODEC);
    }
}
