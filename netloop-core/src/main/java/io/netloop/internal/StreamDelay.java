package io.netloop.internal;

import io.netloop.Simulation;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * The network simulator for a TCP stream: each chunk of bytes waits {@code latency} plus up to
 * {@code jitter} before it moves on, and never overtakes an earlier chunk, since a stream keeps its
 * order. Loss, duplication and reordering do not apply to a stream.
 */
final class StreamDelay {
    private record Chunk(long due, byte[] bytes, boolean link) {}

    /** Where released bytes go; {@code link} is what {@link #add} was told about them. */
    interface Sink {
        void accept(byte[] bytes, boolean link);
    }

    private final RealNet net;
    private final SplittableRandom random;
    private final long latency;
    private final long jitter;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long lastDue;

    StreamDelay(RealNet net, Simulation sim, long salt) {
        this.net = net;
        this.random = new SplittableRandom(sim.seed() * 31 + salt);
        this.latency = sim.latency().toNanos();
        this.jitter = sim.jitter().toNanos();
    }

    /** A delay for a connection's stream, or null when its settings simulate no latency. */
    static StreamDelay of(RealNet net, Settings settings, long salt) {
        Simulation sim = settings.simulation();
        return sim.latency().isZero() && sim.jitter().isZero() ? null : new StreamDelay(net, sim, salt);
    }

    void add(ByteBuffer bytes) {
        add(bytes, false);
    }

    /** Queues a copy of {@code bytes}; {@code link} marks a frame of the link rather than the session. */
    void add(ByteBuffer bytes, boolean link) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(bytes.position(), copy);
        long due = net.now() + latency + (jitter > 0 ? random.nextLong(jitter + 1) : 0);
        if (!chunks.isEmpty()) {
            due = Deadline.later(due, lastDue); // a stream never reorders
        }
        lastDue = due;
        chunks.add(new Chunk(due, copy, link));
        net.scheduleTimer(due);
    }

    /** Hands every chunk whose time has come to {@code sink}, in order. */
    void release(Sink sink) {
        long now = net.now();
        while (!chunks.isEmpty() && chunks.peek().due - now <= 0) {
            Chunk c = chunks.poll();
            sink.accept(c.bytes, c.link);
        }
    }

    long nextDue() {
        return chunks.isEmpty() ? Deadline.NONE : chunks.peek().due;
    }

    void clear() {
        chunks.clear();
    }
}
