package io.netloop;

import java.time.Duration;
import java.util.Objects;

/**
 * A network simulator's settings: what to do to every datagram a {@code udp://} connection sends
 * and receives, so that a game can be played and tested on a bad network on one machine. It is in
 * every build, set for all connections with {@link NetConfig.Builder#simulation(Simulation)} or for
 * one in its URI ({@code udp://host:7777?sim.loss=0.05&sim.latency=80ms&sim.seed=42}).
 *
 * <p>Each direction is simulated once: a {@code Net} applies the settings to what it sends and to
 * what it receives, so {@code latency=80ms} adds about 160 ms to the round trip.
 *
 * <p>A TCP stream cannot lose, duplicate or reorder bytes, so over {@code tcp://} and {@code
 * tcp+raw://} only {@code latency} and {@code jitter} apply (the jitter never reorders the stream).
 *
 * @param loss the fraction of datagrams dropped, 0 to 1
 * @param duplicate the fraction of datagrams delivered twice, 0 to 1
 * @param reorder the fraction of datagrams held back so that later ones overtake them, 0 to 1
 * @param latency the delay added to every datagram
 * @param jitter the most random delay added on top of {@code latency}
 * @param seed the random seed; the same seed and traffic give the same drops
 */
public record Simulation(double loss, double duplicate, double reorder, Duration latency, Duration jitter, long seed) {
    /** No simulation: datagrams go out and come in untouched. */
    public static final Simulation NONE = new Simulation(0, 0, 0, Duration.ZERO, Duration.ZERO, 0);

    /**
     * Checks the settings.
     *
     * @param loss the fraction of datagrams dropped, 0 to 1
     * @param duplicate the fraction of datagrams delivered twice, 0 to 1
     * @param reorder the fraction of datagrams held back so that later ones overtake them, 0 to 1
     * @param latency the delay added to every datagram
     * @param jitter the most random delay added on top of {@code latency}
     * @param seed the random seed
     * @throws IllegalArgumentException if a fraction is outside 0 to 1 or a duration is negative
     */
    public Simulation {
        checkFraction("loss", loss);
        checkFraction("duplicate", duplicate);
        checkFraction("reorder", reorder);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException(
                    "latency " + latency + " and jitter " + jitter + " must not be negative: use e.g. 80ms");
        }
    }

    /**
     * Whether anything is simulated at all.
     *
     * @return false for {@link #NONE} and for any settings that change nothing
     */
    public boolean isActive() {
        return loss > 0 || duplicate > 0 || reorder > 0 || !latency.isZero() || !jitter.isZero();
    }

    /**
     * A copy with another loss fraction.
     *
     * @param fraction 0 to 1
     * @return the new settings
     */
    public Simulation withLoss(double fraction) {
        return new Simulation(fraction, duplicate, reorder, latency, jitter, seed);
    }

    /**
     * A copy with another duplicate fraction.
     *
     * @param fraction 0 to 1
     * @return the new settings
     */
    public Simulation withDuplicate(double fraction) {
        return new Simulation(loss, fraction, reorder, latency, jitter, seed);
    }

    /**
     * A copy with another reorder fraction.
     *
     * @param fraction 0 to 1
     * @return the new settings
     */
    public Simulation withReorder(double fraction) {
        return new Simulation(loss, duplicate, fraction, latency, jitter, seed);
    }

    /**
     * A copy with another latency and jitter.
     *
     * @param latency the delay added to every datagram
     * @param jitter the most random delay added on top
     * @return the new settings
     */
    public Simulation withLatency(Duration latency, Duration jitter) {
        return new Simulation(loss, duplicate, reorder, latency, jitter, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param seed the random seed
     * @return the new settings
     */
    public Simulation withSeed(long seed) {
        return new Simulation(loss, duplicate, reorder, latency, jitter, seed);
    }

    private static void checkFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " is " + value + ": use a fraction from 0 to 1, e.g. 0.05");
        }
    }
}
