package io.netloop.testkit;

import io.netloop.Delivery;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.nio.ByteBuffer;
import java.util.function.IntFunction;

/**
 * Numbered messages that prove exactly-once, in-order delivery: message {@code i} carries {@code
 * i} and bytes derived from it, so a lost, repeated, reordered or corrupted message is caught at
 * the first one. {@link #SMALL} messages are 16 to 64 bytes, {@link #LARGE} ones 20 to 200 KB, more
 * than a TCP read or a UDP datagram holds.
 */
final class Numbered {
    /** Message {@code i} of 16 to 64 bytes. */
    static final IntFunction<byte[]> SMALL = i -> message(i, 16 + Math.floorMod(i * 31, 49));

    /** Message {@code i} of 20,000 to 199,999 bytes. */
    static final IntFunction<byte[]> LARGE = i -> message(i, 20_000 + Math.floorMod(i * 7_919, 180_000));

    private Numbered() {}

    /** Message {@code index} of {@code length} bytes: its index, then bytes derived from it. */
    private static byte[] message(int index, int length) {
        byte[] m = new byte[length];
        ByteBuffer.wrap(m).putInt(index).putInt(~index);
        for (int i = 8; i < m.length; i++) {
            m[i] = (byte) (index * 7 + i);
        }
        return m;
    }

    /** The index a message carries, or -1 if it is not exactly what {@code make} makes for it. */
    static int index(byte[] m, IntFunction<byte[]> make) {
        if (m.length < 8) {
            return -1;
        }
        int index = ByteBuffer.wrap(m).getInt(0);
        return index >= 0 && java.util.Arrays.equals(m, make.apply(index)) ? index : -1;
    }

    /** Sends messages 0 to {@code total - 1} on channel 0, RELIABLE, taking back-pressure as a "not now". */
    static final class Sender {
        final int total;
        private final IntFunction<byte[]> make;
        int next;
        long backpressured;

        Sender(int total, IntFunction<byte[]> make) {
            this.total = total;
            this.make = make;
        }

        /**
         * Sends up to {@code budget} messages; a BACKPRESSURED one is retried on the next call.
         *
         * @throws AssertionError if the peer answers anything but QUEUED or BACKPRESSURED
         */
        void send(Peer peer, int budget, String context) {
            for (int i = 0; i < budget && next < total; i++) {
                SendResult r = peer.send(0, make.apply(next), Delivery.RELIABLE);
                if (r == SendResult.BACKPRESSURED) {
                    backpressured++;
                    return;
                }
                if (r != SendResult.QUEUED) {
                    throw new AssertionError(
                            "send of message " + next + " to " + peer + " returned " + r + "; " + context);
                }
                next++;
            }
        }

        boolean done() {
            return next == total;
        }
    }

    /** Checks that messages 0, 1, 2, ... arrive once each, in order, from one peer on channel 0. */
    static final class Receiver {
        final String who;
        final int total;
        private final IntFunction<byte[]> make;
        Peer from;
        int next;

        Receiver(String who, int total, IntFunction<byte[]> make) {
            this.who = who;
            this.total = total;
            this.make = make;
        }

        /**
         * Takes one DATA event.
         *
         * @throws AssertionError at the first message out of place
         */
        void accept(NetEvent e, String context) {
            int index = index(e.data(), make);
            if (from != null && e.peer() != from) {
                throw new AssertionError(
                        who + " got message " + index + " from " + e.peer() + ", expected " + from + "; " + context);
            }
            if (index != next || e.channel() != 0 || next >= total) {
                throw new AssertionError(who + " got message " + (index < 0 ? "(corrupt)" : index) + " on channel "
                        + e.channel() + " where " + (next >= total ? "nothing more" : "message " + next)
                        + " was due; " + context);
            }
            if (e.sequence() != index) {
                throw new AssertionError(who + " got message " + index + " with sequence " + e.sequence()
                        + "; it is the " + index + "th on its channel; " + context);
            }
            next++;
        }

        boolean done() {
            return next == total;
        }
    }
}
