package io.netloop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Drives several {@link Net}s from one test thread, the way a game loop would, and records every
 * event each of them returned. Real time is only used as a safety bound: each wait gives up after
 * {@code limit} and the test's own assertion then fails.
 */
final class Loop {
    private final List<Net> nets = new ArrayList<>();
    private final List<List<NetEvent>> events = new ArrayList<>();

    Loop(Net... nets) {
        for (Net n : nets) {
            add(n);
        }
    }

    Loop add(Net net) {
        nets.add(net);
        events.add(new ArrayList<>());
        return this;
    }

    /** Every event the given net returned so far, in order. */
    List<NetEvent> events(Net net) {
        return events.get(nets.indexOf(net));
    }

    /** Polls every net once, each waiting at most a millisecond. */
    void pollOnce() {
        for (int i = 0; i < nets.size(); i++) {
            events.get(i).addAll(nets.get(i).poll(Duration.ofMillis(1)));
        }
    }

    /** Polls until {@code done} holds, or {@code limit} real time passed; returns whether it holds. */
    boolean until(BooleanSupplier done, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            pollOnce();
        }
        return true;
    }

    boolean until(BooleanSupplier done) {
        return until(done, Duration.ofSeconds(10));
    }

    /** Polls every net for {@code time} of real time, to show that nothing more happens in it. */
    void pollFor(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() - end < 0) {
            pollOnce();
        }
    }

    /** Events of one type that {@code net} returned. */
    List<NetEvent> of(Net net, NetEvent.Type type) {
        List<NetEvent> out = new ArrayList<>();
        for (NetEvent e : events(net)) {
            if (e.type() == type) {
                out.add(e);
            }
        }
        return out;
    }

    void clear() {
        events.forEach(List::clear);
    }

    /**
     * Polls every net once without waiting, the way a game frame does. Use it for nets on a {@link
     * FakeClock}: {@code poll(Duration)} measures its wait on the net's own clock.
     */
    void pollNow() {
        for (int i = 0; i < nets.size(); i++) {
            events.get(i).addAll(nets.get(i).poll());
        }
    }

    /** Like {@link #until(BooleanSupplier, Duration)}, but polls with {@link #pollNow()}. */
    boolean untilNow(BooleanSupplier done, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            pollNow();
        }
        return true;
    }
}
