package io.netloop.examples.connect4;

import io.netloop.Delivery;
import io.netloop.Peer;

/** A player as the server knows it: kept across lost links, found again by its ticket. */
final class Player {
    final String name;
    final long ticket;
    /** The current connection, or null while the player is gone. */
    Peer peer;
    /** When the player's connection ended, on the server's clock; 0 while connected. */
    long goneSince;
    /** The game it plays or watches, or null in the lobby. */
    Game game;
    /** Its seat in {@link #game}: {@link Board#RED}, {@link Board#YELLOW} or {@link Protocol#SPECTATOR}. */
    int seat;

    Player(String name, long ticket) {
        this.name = name;
        this.ticket = ticket;
    }

    void send(Record message) {
        if (peer != null) {
            Protocol.CODEC.send(
                    peer, message instanceof Protocol.Said ? Protocol.CHAT : Protocol.GAME, message, Delivery.RELIABLE);
        }
    }

    boolean playing() {
        return game != null && seat != Protocol.SPECTATOR;
    }
}
