package io.netloop.internal;

import io.netloop.Simulation;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A delay line for datagrams that drops, duplicates, delays and reorders them as a {@link
 * Simulation} says. Datagrams are copied in and handed on once their time has come, from inside
 * {@code poll()}; nothing here runs on its own.
 */
final class LinkSimulator {
    /** Where released datagrams go. */
    interface Sink {
        void accept(ByteBuffer datagram, InetSocketAddress address);
    }

    private record Delayed(long due, long order, byte[] data, InetSocketAddress address) {}

    private Simulation sim;
    private final SplittableRandom random;
    private long latency;
    private long jitter;
    private final PriorityQueue<Delayed> line =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.signum(a.due - b.due) : Long.compare(a.order, b.order));
    private long order;
    long dropped;

    LinkSimulator(Simulation sim) {
        this.random = new SplittableRandom(sim.seed());
        change(sim);
    }

    /** Applies other settings to the datagrams offered from now on; those in the line keep their due times. */
    void change(Simulation sim) {
        this.sim = sim;
        this.latency = sim.latency().toNanos();
        this.jitter = sim.jitter().toNanos();
    }

    /** Whether datagrams must go through the line: it simulates something, or holds some that must go first. */
    boolean inUse() {
        return sim.isActive() || !line.isEmpty();
    }

    /** Decides the fate of one datagram: none, one or two copies enter the delay line. */
    void offer(long now, ByteBuffer datagram, InetSocketAddress address) {
        if (random.nextDouble() < sim.loss()) {
            dropped++;
            return;
        }
        int copies = random.nextDouble() < sim.duplicate() ? 2 : 1;
        byte[] data = new byte[datagram.remaining()];
        datagram.get(datagram.position(), data);
        for (int i = 0; i < copies; i++) {
            long delay = latency + (jitter > 0 ? random.nextLong(jitter + 1) : 0);
            if (random.nextDouble() < sim.reorder()) {
                delay += Math.max(1_000_000L, latency / 2 + jitter); // later datagrams overtake this one
            }
            line.add(new Delayed(now + delay, order++, data, address));
        }
    }

    /** Hands every datagram whose time has come to {@code sink}, in order of their due times. */
    void release(long now, Sink sink) {
        while (!line.isEmpty() && line.peek().due - now <= 0) {
            Delayed d = line.poll();
            sink.accept(ByteBuffer.wrap(d.data), d.address);
        }
    }

    /** Hands every datagram still in the line to {@code sink} at once, in order. */
    void drain(Sink sink) {
        while (!line.isEmpty()) {
            Delayed d = line.poll();
            sink.accept(ByteBuffer.wrap(d.data), d.address);
        }
    }

    /** When the next datagram is due, or {@link Long#MAX_VALUE} if none waits. */
    long nextDue() {
        return line.isEmpty() ? Deadline.NONE : line.peek().due;
    }
}
