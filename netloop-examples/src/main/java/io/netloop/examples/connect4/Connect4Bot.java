package io.netloop.examples.connect4;

import io.netloop.Net;
import java.util.Random;

/**
 * A bot that plays Connect Four through the same {@link Connect4Client} as a person: it asks for a
 * quick match, and on its turn wins if it can, blocks the opponent's win if it must, and otherwise
 * prefers the centre. After a game it asks for the next one.
 *
 * <p>Call {@link #update} once a loop on the thread that polls its net.
 */
public final class Connect4Bot {
    private final Connect4Client client;
    private final long thinkNanos;
    private final Random random;
    private long thinkingSince = -1;

    /**
     * Connects a bot.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri the server
     * @param name the bot's name
     * @param thinkMillis how long it waits before each move and each new game, in ms; 0 in tests
     * @param seed the seed of its tie-breaks
     */
    public Connect4Bot(Net net, String uri, String name, long thinkMillis, long seed) {
        this.client = new Connect4Client(net, uri, name);
        this.thinkNanos = thinkMillis * 1_000_000;
        this.random = new Random(seed);
    }

    /**
     * Polls the bot's net, then moves or asks for a game when it is time.
     *
     * @param nowNanos the time, from one clock on every call
     */
    public void update(long nowNanos) {
        client.poll();
        if (client.reconnecting() || client.closed() != null) {
            return;
        }
        boolean wantsGame =
                client.welcomed() && !client.waitingForMatch() && (client.game() == null || client.ending() != null);
        if (!client.myTurn() && !wantsGame) {
            thinkingSince = -1;
            return;
        }
        if (thinkingSince < 0) {
            thinkingSince = nowNanos;
        }
        if (nowNanos - thinkingSince < thinkNanos) {
            return;
        }
        thinkingSince = -1;
        if (wantsGame) {
            client.quickMatch();
        } else {
            client.drop(choose(client.game().board(), random));
        }
    }

    /**
     * The bot's move: a winning column, else one that stops the opponent winning next, else the
     * legal column nearest the centre (ties broken at random).
     *
     * @param board a running game
     * @param random for ties
     * @return a legal column
     */
    static int choose(Board board, Random random) {
        int me = board.toMove();
        int other = me == Board.RED ? Board.YELLOW : Board.RED;
        for (int c = 0; c < Board.COLUMNS; c++) {
            if (board.refusal(me, c) == null && board.wouldWin(me, c)) {
                return c;
            }
        }
        for (int c = 0; c < Board.COLUMNS; c++) {
            if (board.refusal(me, c) == null && board.wouldWin(other, c)) {
                return c;
            }
        }
        int best = -1;
        double bestScore = Double.MAX_VALUE;
        for (int c = 0; c < Board.COLUMNS; c++) {
            double score = Math.abs(c - 3) + random.nextDouble() * 1.5;
            if (board.refusal(me, c) == null && score < bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The client the bot plays through.
     *
     * @return the client
     */
    public Connect4Client client() {
        return client;
    }
}
