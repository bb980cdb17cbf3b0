package io.netloop.examples.connect4;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import io.netloop.examples.connect4.Protocol.Drop;
import io.netloop.examples.connect4.Protocol.Ended;
import io.netloop.examples.connect4.Protocol.GameState;
import io.netloop.examples.connect4.Protocol.Hello;
import io.netloop.examples.connect4.Protocol.Moved;
import io.netloop.examples.connect4.Protocol.QuickMatch;
import io.netloop.examples.connect4.Protocol.Refused;
import io.netloop.examples.connect4.Protocol.Said;
import io.netloop.examples.connect4.Protocol.Say;
import io.netloop.examples.connect4.Protocol.Watch;
import io.netloop.examples.connect4.Protocol.Welcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A Connect Four client without a screen: what the window draws and what the bot plays from. It
 * keeps the lobby, the game it sits in (the board replayed from the server's moves), the chat and
 * whether the link is down, and sends what the player asks for. It checks nothing itself: the
 * server decides, so a client that asks for an illegal move only gets a refusal.
 *
 * <p>Use it on the thread that polls its net: pass every event to {@link #handle}, or call {@link
 * #poll}.
 */
public final class Connect4Client {
    /**
     * The game the client sits in or watches.
     *
     * @param id the game's id
     * @param red the first player
     * @param yellow the second player
     * @param seat the client's seat, {@link Protocol#SPECTATOR} when it watches
     * @param board the position, replayed from the server's moves
     * @param moves every column played, in order
     */
    public record View(int id, String red, String yellow, int seat, Board board, List<Integer> moves) {}

    private static final int CHAT_LINES = 100;

    private final Net net;
    private final Peer server;
    private final String name;
    private final Deque<String> chat = new ArrayDeque<>();
    private long ticket;
    private boolean reconnecting;
    private boolean waitingForMatch;
    private Protocol.Lobby lobby = new Protocol.Lobby(List.of(), List.of(), 0);
    private View game;
    private String ending;
    private int result;
    private String refusal;
    private DisconnectReason closed;

    /**
     * Connects; the client says hello once connected.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri the server, e.g. {@code tcp://192.168.1.20:7777}
     * @param name the player's name, 1 to 32 characters
     */
    public Connect4Client(Net net, String uri, String name) {
        new Hello(name, 0); // refuses a bad name before anything is sent
        this.net = net;
        this.name = name;
        this.server = net.connect(uri);
    }

    /** Polls the net and handles what it returns. */
    public void poll() {
        for (NetEvent e : net.poll()) {
            handle(e);
        }
    }

    /**
     * Takes one event of the client's net.
     *
     * @param event an event of this client's connection; others are ignored
     */
    public void handle(NetEvent event) {
        if (event.peer() != server) {
            return;
        }
        switch (event.type()) {
            case CONNECTED -> hello();
            case RECONNECTING -> reconnecting = true;
            case RECONNECTED -> {
                reconnecting = false;
                if (!event.resumed()) {
                    hello(); // a new session: take the seat back with the ticket
                }
            }
            case DISCONNECTED -> closed = event.reason();
            case DATA -> receive(event);
            default -> {}
        }
    }

    private void hello() {
        send(new Hello(name, ticket));
    }

    private void receive(NetEvent event) {
        Record message = Messages.decodeOrClose(Protocol.CODEC, event, line -> {}); // not a Connect Four server
        if (message == null) {
            return;
        }
        if (message instanceof Welcome w) {
            ticket = w.ticket();
        } else if (message instanceof Protocol.Lobby l) {
            lobby = l;
        } else if (message instanceof GameState s) {
            Board board = new Board();
            s.columns().forEach(board::drop);
            game = new View(s.id(), s.red(), s.yellow(), s.seat(), board, new ArrayList<>(s.columns()));
            waitingForMatch = false;
            ending = null;
            result = s.result();
        } else if (message instanceof Moved m && game != null && m.game() == game.id()) {
            if (m.number() == game.board().moves() + 1) { // a move the resumed link already brought is not played twice
                game.board().drop(m.column());
                game.moves().add(m.column());
                refusal = null;
            }
        } else if (message instanceof Ended e && game != null && e.game() == game.id()) {
            ending = e.why();
            result = e.result();
        } else if (message instanceof Refused r) {
            refusal = r.why();
        } else if (message instanceof Said s) {
            chat.addLast(s.from() + ": " + s.text());
            if (chat.size() > CHAT_LINES) {
                chat.removeFirst();
            }
        }
    }

    /** Asks to be seated in the next game. */
    public void quickMatch() {
        waitingForMatch = true;
        send(new QuickMatch());
    }

    /**
     * Asks to watch a game.
     *
     * @param id the game's id
     */
    public void watch(int id) {
        send(new Watch(id));
    }

    /**
     * Asks to drop a disc in the current game; the server refuses what is not legal.
     *
     * @param column 0 to 6
     */
    public void drop(int column) {
        send(new Drop(game == null ? -1 : game.id(), column));
    }

    /**
     * Says a line in the current game, or in the lobby.
     *
     * @param text 1 to {@link Protocol#MAX_TEXT} characters
     */
    public void say(String text) {
        send(new Say(text));
    }

    private void send(Record message) {
        Protocol.CODEC.send(server, message instanceof Say ? Protocol.CHAT : Protocol.GAME, message, Delivery.RELIABLE);
    }

    /**
     * The lobby as the server last described it.
     *
     * @return the lobby
     */
    public Protocol.Lobby lobby() {
        return lobby;
    }

    /**
     * The game the client sits in or watches, or the last one.
     *
     * @return the game, or null before the first
     */
    public View game() {
        return game;
    }

    /**
     * Whether the client plays the current game and it is its turn.
     *
     * @return true when a move is expected from this client
     */
    public boolean myTurn() {
        return game != null
                && ending == null
                && game.board().result() == Board.NONE
                && game.board().toMove() == game.seat();
    }

    /**
     * Why the current game ended.
     *
     * @return e.g. "four in a row", or null while it runs
     */
    public String ending() {
        return ending;
    }

    /**
     * How the current game ended.
     *
     * @return {@link Board#NONE} while it runs, else {@link Board#RED}, {@link Board#YELLOW} (also
     *     when the other player forfeited) or {@link Board#DRAW}
     */
    public int result() {
        return result;
    }

    /**
     * Whether the server has welcomed the client, so that it can ask for games.
     *
     * @return true once a {@link Welcome} came
     */
    public boolean welcomed() {
        return ticket != 0;
    }

    /**
     * Whether the client asked for a quick match and is not seated yet.
     *
     * @return true while it waits
     */
    public boolean waitingForMatch() {
        return waitingForMatch;
    }

    /**
     * Whether the link is down and netloop is bringing it back.
     *
     * @return true between RECONNECTING and RECONNECTED
     */
    public boolean reconnecting() {
        return reconnecting;
    }

    /**
     * The last request the server refused.
     *
     * @return the reason, or null
     */
    public String refusal() {
        return refusal;
    }

    /**
     * The chat, oldest first, at most the last 100 lines.
     *
     * @return a copy
     */
    public List<String> chat() {
        return List.copyOf(chat);
    }

    /**
     * Why the connection ended.
     *
     * @return the reason, or null while it lasts
     */
    public DisconnectReason closed() {
        return closed;
    }

    /**
     * The connection to the server.
     *
     * @return the peer
     */
    public Peer server() {
        return server;
    }

    /**
     * The player's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
