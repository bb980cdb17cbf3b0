package io.netloop.awt;

import io.netloop.NetEvent;
import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.swing.SwingUtilities;

/** What reached the game's side, with the thread and the queue's current event at that moment. */
final class Arrivals implements Consumer<NetEvent> {
    /** One event as the game received it. */
    record Arrival(NetEvent event, boolean onEdt, AWTEvent current) {}

    private final List<Arrival> all = new CopyOnWriteArrayList<>();

    @Override
    public void accept(NetEvent e) {
        all.add(new Arrival(e, SwingUtilities.isEventDispatchThread(), EventQueue.getCurrentEvent()));
    }

    List<Arrival> all() {
        return all;
    }

    List<NetEvent.Type> types() {
        return all.stream().map(a -> a.event().type()).toList();
    }

    List<String> texts() {
        return all.stream()
                .filter(a -> a.event().type() == NetEvent.Type.DATA)
                .map(a -> TestHost.text(a.event()))
                .toList();
    }

    boolean has(NetEvent.Type type) {
        return types().contains(type);
    }

    NetEvent first(NetEvent.Type type) {
        return all.stream()
                .map(Arrival::event)
                .filter(e -> e.type() == type)
                .findFirst()
                .orElseThrow();
    }
}
