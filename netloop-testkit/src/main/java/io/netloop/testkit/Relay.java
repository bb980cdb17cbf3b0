package io.netloop.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * What a TCP and a UDP relay share: the fault in force, the delay and the counters. Not
 * thread-safe: {@link LinkProxy} calls every method with its lock held.
 */
abstract class Relay {
    /** The state of the link as a whole. */
    enum Mode {
        NORMAL,
        STALLED,
        BLACK_HOLE
    }

    /** Where the proxy listens: IPv4 loopback, whatever the JVM's address preferences. */
    static final String LOOPBACK = "127.0.0.1";

    final Selector selector;
    final InetSocketAddress target;
    Mode mode = Mode.NORMAL;
    long delayNanos;
    long connections;
    long cuts;
    long bytesForwarded;
    long bytesDropped;
    long datagramsForwarded;
    long datagramsDropped;
    /** Set when a registered channel was closed: its socket only really closes at the next select. */
    boolean closedRegistered;

    Relay(Selector selector, InetSocketAddress target) {
        this.selector = selector;
        this.target = target;
    }

    /** The address the proxy listens on. */
    abstract InetSocketAddress localAddress();

    /** Does all ready work without blocking. {@code now} is {@link System#nanoTime()}. */
    abstract void work(long now);

    /** The earliest time delayed data falls due, or {@link Long#MAX_VALUE} if none waits for a time. */
    abstract long nextDue();

    abstract void cut();

    abstract void stall();

    abstract void blackHole();

    abstract void heal();

    abstract int openConnections();

    /** Closes every socket; the caller closes the selector afterwards. */
    abstract void close();

    /** Registers without throwing: a channel that cannot be registered is closed and null returned. */
    final SelectionKey register(SelectableChannel channel, int ops) {
        try {
            channel.configureBlocking(false);
            return channel.register(selector, ops);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return null;
        }
    }

    /** Closes so that the peer sees a reset rather than an orderly end of stream. */
    final void reset(NetworkChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // Already closed or never connected: a plain close is all that is left.
        }
        closeQuietly(channel);
    }

    final void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        closedRegistered = true;
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to tell anyone: the socket is gone either way.
        }
    }

    static void interest(SelectionKey key, int ops) {
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}
