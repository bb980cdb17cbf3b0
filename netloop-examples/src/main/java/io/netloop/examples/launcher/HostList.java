package io.netloop.examples.launcher;

import io.netloop.Discovery;
import io.netloop.LanHost;
import io.netloop.Net;
import io.netloop.NetEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.swing.DefaultListModel;

/**
 * The servers of the example games found on the network, as a Swing list model: one {@link
 * Discovery} per game on one {@link Net}, whose DISCOVERED events add or update rows. Use it on
 * the thread that polls the net (the event dispatch thread in the launcher).
 */
final class HostList {
    /**
     * A server found: which game, where, and what it advertises.
     *
     * @param game the game
     * @param host the answer
     */
    record Found(ExampleGame game, LanHost host) {
        @Override
        public String toString() {
            String info = new String(host.info(), StandardCharsets.UTF_8);
            return game.title() + " at " + host.uri() + (info.isEmpty() ? "" : " - " + info);
        }
    }

    /** Queries that stay on this machine: the launcher asks the LAN only when the player says so. */
    static final String THIS_MACHINE = "?targets=127.255.255.255&ipv6=false";

    private final Net net;
    private final List<ExampleGame> games;
    private final DefaultListModel<Found> model = new DefaultListModel<>();
    private final List<Discovery> searches = new ArrayList<>();

    HostList(Net net, List<ExampleGame> games) {
        this.net = net;
        this.games = games;
    }

    /** The rows, for a {@code JList}. */
    DefaultListModel<Found> model() {
        return model;
    }

    /**
     * Starts searching again, with other options, forgetting what was found.
     *
     * @param options URI options for every search, e.g. {@link #THIS_MACHINE}, or empty for the LAN
     */
    void search(String options) {
        searches.forEach(Discovery::close);
        searches.clear();
        model.clear();
        for (ExampleGame game : games) {
            searches.add(net.discover("lan://" + game.lanName() + options));
        }
    }

    /** Takes one event of the net: a DISCOVERED of one of the games adds its row or updates it. */
    void onEvent(NetEvent event) {
        if (event.type() != NetEvent.Type.DISCOVERED) {
            return;
        }
        LanHost host = event.lanHost();
        Optional<ExampleGame> game =
                games.stream().filter(g -> g.lanName().equals(host.name())).findFirst();
        if (game.isEmpty()) {
            return;
        }
        Found found = new Found(game.get(), host);
        for (int i = 0; i < model.size(); i++) {
            if (model.get(i).host().uri().equals(host.uri())) {
                model.set(i, found);
                return;
            }
        }
        model.addElement(found);
    }
}
