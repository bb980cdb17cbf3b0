package io.netloop.examples;

import io.netloop.Net;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The loop of an example's headless modes: a server and its bots, or bots alone, in one thread,
 * each bot on a net of its own, until told to stop.
 */
public final class Pace {
    private Pace() {}

    /**
     * Opens {@code count} bots, each on a net of its own, then runs {@code frame} and every bot's
     * frame once a loop until {@code stop} answers true, and closes the bots' nets.
     *
     * @param count how many bots
     * @param netOpener opens one bot's net
     * @param bot makes bot number {@code i} (from 1) on its net and returns its frame, which takes
     *     the time in nanoseconds
     * @param frame what else runs each loop, e.g. the server's poll with a short wait, which paces
     *     the loop; it takes the time in nanoseconds
     * @param stop asked once a loop
     */
    public static void run(
            int count,
            Supplier<Net> netOpener,
            BiFunction<Net, Integer, LongConsumer> bot,
            LongConsumer frame,
            BooleanSupplier stop) {
        List<Net> nets = new ArrayList<>();
        List<LongConsumer> bots = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                Net net = netOpener.get();
                nets.add(net);
                bots.add(bot.apply(net, i));
            }
            while (!stop.getAsBoolean()) {
                long now = System.nanoTime();
                frame.accept(now);
                bots.forEach(b -> b.accept(now));
            }
        } finally {
            nets.forEach(Net::close);
        }
    }

    /**
     * Sleeps a little, to pace a loop that has no server to wait on.
     *
     * @param millis how long
     */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
