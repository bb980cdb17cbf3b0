package io.netloop.bench.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;

/**
 * One fan-out tick, run at a fixed rate on the host's event loop: the state is encoded once into a
 * pooled direct buffer and every client gets a retained duplicate of it (a view, no copy; the
 * length prefix is the only per-client buffer).
 *
 * <ul>
 *   <li>{@link Mode#LOOP}: write to every channel of an array, then flush every channel once, each
 *       with the void promise;
 *   <li>{@link Mode#GROUP}: {@code ChannelGroup.writeAndFlush(state, all, voidPromise=true)}, which
 *       does the same through the group's concurrent map.
 * </ul>
 *
 * The last tick writes with real promises and closes each channel once its write is done, so that
 * closing never drops a queued state.
 */
final class Broadcaster implements Runnable {
    /** How a tick reaches every client. */
    enum Mode {
        /** Write to each channel of an array, then flush each. */
        LOOP,
        /** {@code ChannelGroup.writeAndFlush} with void promises. */
        GROUP
    }

    private final Mode mode;
    private final ChannelGroup group;
    private final Channel[] channels;
    private final ByteBufAllocator alloc;
    private final byte[] payload;
    private final long ticks;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long sent;
    private volatile ScheduledFuture<?> schedule;
    private long tick;

    /**
     * @param mode how to reach every client
     * @param group the connected clients
     * @param alloc where state buffers come from
     * @param size bytes of state per tick
     * @param ticks how many ticks to run
     */
    Broadcaster(Mode mode, ChannelGroup group, ByteBufAllocator alloc, int size, long ticks) {
        this.mode = mode;
        this.group = group;
        this.channels = group.toArray(new Channel[0]);
        this.alloc = alloc;
        this.payload = new byte[size];
        this.ticks = ticks;
    }

    /**
     * Remembers the fixed-rate schedule running this, to cancel it after the last tick.
     *
     * @param schedule from {@code scheduleAtFixedRate}
     */
    void scheduledAs(ScheduledFuture<?> schedule) {
        this.schedule = schedule;
    }

    @Override
    public void run() {
        if (tick == ticks) {
            return; // a tick that raced the cancel
        }
        tick++;
        ByteBuf state = alloc.directBuffer(payload.length).writeBytes(payload);
        if (payload.length >= Long.BYTES) {
            state.setLong(0, tick); // a game's state changes every tick
        }
        long reached = tick == ticks ? lastTick(state) : mode == Mode.GROUP ? viaGroup(state) : viaLoop(state);
        sent += reached;
        if (tick == ticks) {
            ScheduledFuture<?> s = schedule;
            if (s != null) {
                s.cancel(false);
            }
            done.countDown();
        }
    }

    /**
     * Opens after the last tick's writes were issued.
     *
     * @return the latch
     */
    CountDownLatch done() {
        return done;
    }

    /**
     * Messages written so far, one per client per tick.
     *
     * @return the count
     */
    long sent() {
        return sent;
    }

    private long viaGroup(ByteBuf state) {
        int reached = group.size();
        group.writeAndFlush(state, ChannelMatchers.all(), true); // releases state
        return reached;
    }

    private long viaLoop(ByteBuf state) {
        int reached = 0;
        for (Channel ch : channels) {
            if (ch.isActive()) {
                ch.write(state.retainedDuplicate(), ch.voidPromise());
                reached++;
            }
        }
        for (Channel ch : channels) {
            ch.flush();
        }
        state.release();
        return reached;
    }

    private long lastTick(ByteBuf state) {
        int reached = 0;
        for (Channel ch : channels) {
            if (ch.isActive()) {
                ch.writeAndFlush(state.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
                reached++;
            }
        }
        state.release();
        return reached;
    }
}
