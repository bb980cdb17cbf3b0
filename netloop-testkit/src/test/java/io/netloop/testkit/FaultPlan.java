package io.netloop.testkit;

import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.PeerState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Link faults at random points of a transfer, drawn from a seeded {@link Random}: each fault falls
 * due when the messages delivered so far pass a random mark, and strikes while both ends are
 * connected, so that each one is a real loss of a working link.
 *
 * <ul>
 *   <li>{@link Kind#CUT}: {@link LinkProxy#cut()}. Over TCP both ends see a reset. Over UDP a cut
 *       is a NAT rebinding, which the host follows by connection id without a reconnection.
 *   <li>{@link Kind#BLACK_HOLE}: {@link LinkProxy#blackHole()} until the client has noticed the
 *       silence (and, for half of them, the host too), then {@link LinkProxy#heal()}.
 * </ul>
 *
 * <p>A quarter of the lost links (TCP cuts, UDP black holes) get one more cut as soon as the
 * client's attempt to come back has reached the proxy, which breaks the resume handshake itself.
 */
final class FaultPlan {
    enum Kind {
        CUT,
        BLACK_HOLE
    }

    private final ProxiedNets nets;
    private final Random random;
    private final Peer client;
    private final Peer server;
    private final List<Kind> kinds = new ArrayList<>();
    private final long[] marks;
    private int next;

    int cuts;
    int cutsDuringResume;
    int blackHoles;

    /** While a second cut waits for the client's next attempt: the proxy's connection count at the first. */
    private long armedAt = -1;

    private boolean holeOpen;
    private boolean holeWaitsForHost;
    private int clientLossesBefore;
    private int hostLossesBefore;

    /** {@code cuts} cuts and {@code blackHoles} black holes, in random order, at random marks below {@code span}. */
    FaultPlan(ProxiedNets nets, Random random, Peer client, Peer server, int cuts, int blackHoles, long span) {
        this.nets = nets;
        this.random = random;
        this.client = client;
        this.server = server;
        for (int i = 0; i < cuts; i++) {
            kinds.add(Kind.CUT);
        }
        for (int i = 0; i < blackHoles; i++) {
            kinds.add(Kind.BLACK_HOLE);
        }
        Collections.shuffle(kinds, random);
        marks = random.longs(kinds.size(), 1, span).sorted().toArray();
    }

    /** Called once per frame with the messages delivered so far; strikes or heals when due. */
    void step(long delivered) {
        if (holeOpen) {
            healOnceNoticed();
            return;
        }
        if (armedAt >= 0 && nets.proxy.connections() > armedAt) {
            armedAt = -1;
            if (client.state() == PeerState.RECONNECTING) {
                nets.proxy.cut(); // the attempt to come back is on its way: break it
                cutsDuringResume++;
            }
            return;
        }
        boolean connected = client.state() == PeerState.CONNECTED && server.state() == PeerState.CONNECTED;
        if (next == marks.length || delivered < marks[next] || !connected) {
            return;
        }
        Kind kind = kinds.get(next++);
        if (kind == Kind.CUT) {
            nets.proxy.cut();
            cuts++;
            if (nets.scheme.equals("tcp")) {
                armAgainstResume();
            }
        } else {
            nets.proxy.blackHole();
            blackHoles++;
            holeOpen = true;
            holeWaitsForHost = random.nextBoolean();
            clientLossesBefore = nets.client.count(NetEvent.Type.RECONNECTING);
            hostLossesBefore = nets.server.count(NetEvent.Type.RECONNECTING);
        }
    }

    private void healOnceNoticed() {
        boolean clientNoticed = nets.client.count(NetEvent.Type.RECONNECTING) > clientLossesBefore;
        boolean hostNoticed = nets.server.count(NetEvent.Type.RECONNECTING) > hostLossesBefore;
        if (clientNoticed && (hostNoticed || !holeWaitsForHost)) {
            nets.proxy.heal();
            holeOpen = false;
            armAgainstResume();
        }
    }

    /** For a quarter of the lost links, cuts again once the client's next attempt reaches the proxy. */
    private void armAgainstResume() {
        if (random.nextInt(4) == 0) {
            armedAt = nets.proxy.connections();
        }
    }

    /** Every fault was applied and no black hole is open. */
    boolean finished() {
        return next == marks.length && !holeOpen;
    }

    @Override
    public String toString() {
        return cuts + " cuts (" + cutsDuringResume + " more during a resume), " + blackHoles + " black holes, "
                + (marks.length - next) + " faults not reached";
    }
}
