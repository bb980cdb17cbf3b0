package io.netloop.testkit;

import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One {@link Net} of a test and what it reported: every event but DATA kept in order, and DATA
 * handed to a handler (by default kept too), so that a long transfer need not keep its messages.
 */
final class Side {
    final String name;
    Net net;
    final List<NetEvent> lifecycle = new ArrayList<>();
    final List<NetEvent> data = new ArrayList<>();
    private Consumer<NetEvent> onData = data::add;

    Side(String name, Net net) {
        this.name = name;
        this.net = net;
    }

    /** Hands DATA events to {@code handler} from now on instead of keeping them. */
    void onData(Consumer<NetEvent> handler) {
        this.onData = handler;
    }

    /** Polls once without waiting; returns whether anything was reported. */
    boolean poll() {
        List<NetEvent> events = net.poll();
        for (NetEvent e : events) {
            if (e.type() == NetEvent.Type.DATA) {
                onData.accept(e);
            } else {
                lifecycle.add(e);
            }
        }
        return !events.isEmpty();
    }

    List<NetEvent> of(NetEvent.Type type) {
        List<NetEvent> out = new ArrayList<>();
        for (NetEvent e : type == NetEvent.Type.DATA ? data : lifecycle) {
            if (e.type() == type) {
                out.add(e);
            }
        }
        return out;
    }

    int count(NetEvent.Type type) {
        return of(type).size();
    }

    /** The lifecycle events of one peer, in order. */
    List<NetEvent> of(Peer peer) {
        List<NetEvent> out = new ArrayList<>();
        for (NetEvent e : lifecycle) {
            if (e.peer() == peer) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A peer's life in letters, for one assertion with a readable failure: {@code C} CONNECTED,
     * {@code i} RECONNECTING, {@code r} RECONNECTED resumed, {@code n} RECONNECTED as a new
     * session, {@code D} DISCONNECTED. A peer that lost its link twice and resumed reads "Cirir".
     */
    static String transcript(List<NetEvent> events) {
        StringBuilder b = new StringBuilder();
        for (NetEvent e : events) {
            b.append(
                    switch (e.type()) {
                        case CONNECTED -> 'C';
                        case RECONNECTING -> 'i';
                        case RECONNECTED -> e.resumed() ? 'r' : 'n';
                        case DISCONNECTED -> 'D';
                        case DATA -> 'd';
                        case DISCOVERED -> '?';
                    });
        }
        return b.toString();
    }

    /** The last few lifecycle events, for failure messages. */
    String recent() {
        return lifecycle
                .subList(Math.max(0, lifecycle.size() - 6), lifecycle.size())
                .toString();
    }
}
