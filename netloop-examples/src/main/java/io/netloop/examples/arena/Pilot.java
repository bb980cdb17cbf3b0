package io.netloop.examples.arena;

import io.netloop.Peer;

/** A player as the server knows it: its ship, its score, and what it may still do this tick. */
final class Pilot {
    final int id;
    final String name;
    final Peer peer;
    /** Kept as floats, the precision of a snapshot, so a client replays from exactly this. */
    float x;

    float y;
    float aim;
    int health = ArenaServer.MAX_HEALTH;
    int kills;
    int deaths;
    /** The last command applied. */
    int acknowledged;
    /** Commands it may still apply: one a tick, so a client that sends more moves no faster. */
    int credit;
    /** When it last fired, in server ticks. */
    int firedAt = -1_000;

    Pilot(int id, String name, Peer peer) {
        this.id = id;
        this.name = name;
        this.peer = peer;
    }

    Protocol.Ship ship() {
        return new Protocol.Ship(id, x, y, aim, health);
    }

    Protocol.Score score() {
        return new Protocol.Score(id, kills, deaths);
    }
}
