package io.netloop.internal;

import io.netloop.Delivery;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The receiving rules of one channel and delivery mode over UDP.
 *
 * <ul>
 *   <li>RELIABLE: delivered in sequence order; what arrives early waits, duplicates are dropped.
 *   <li>RELIABLE_UNORDERED: delivered on arrival; a window of the sequence numbers seen drops
 *       duplicates.
 *   <li>SEQUENCED: delivered only if newer than the last one delivered.
 *   <li>UNRELIABLE: delivered on arrival.
 * </ul>
 *
 * Fragments of one message have consecutive sequence numbers; the message is delivered once all of
 * them are in. Everything held is bounded: reliable data by the connection's receive window (a
 * peer past it is a protocol error, since an honest sender never is), lossy fragments by a budget
 * that evicts the oldest incomplete message.
 */
final class ReceiveChannel {
    /** The farthest a sequence number may run ahead of what is expected. */
    private static final int SEQUENCE_WINDOW = 1 << 20;

    /** Incomplete lossy messages kept per channel. */
    private static final int LOSSY_ASSEMBLIES = 4;

    /** Bookkeeping bytes charged per early sequence number, so a flood of tiny messages is bounded too. */
    private static final int ENTRY_COST = UdpWire.MESSAGE_COST;

    private record Piece(int index, int count, int total, byte[] data) {}

    /** A message put together from its fragments. */
    private static final class Assembly {
        final int count;
        final int total;
        final int size;
        final byte[] data;
        final long[] have;
        int got;
        /** When a lossy assembly began, in the connection's order, for evicting the oldest first. */
        long born;

        Assembly(int count, int total) {
            this.count = count;
            this.total = total;
            this.size = UdpWire.ceilDiv(total, count);
            this.data = new byte[total];
            this.have = new long[(count + 63) / 64];
        }

        /** Adds a fragment; returns whether the message is complete. Duplicates are ignored. */
        boolean add(int index, ByteBuffer buf, int at, int length) {
            long bit = 1L << (index & 63);
            if ((have[index >>> 6] & bit) == 0) {
                have[index >>> 6] |= bit;
                buf.get(at, data, index * size, length);
                got++;
            }
            return got == count;
        }
    }

    private final UdpReceiver receiver;
    private final Delivery delivery;
    private final int channel;
    private final long reliableLimit;
    private final long lossyLimit;
    private int next;
    private Map<Integer, Piece> early;
    private Assembly building;
    private HashSet<Integer> seenAhead;
    private Map<Integer, Assembly> assemblies;
    private boolean delivered;

    ReceiveChannel(UdpReceiver receiver, Delivery delivery, int channel) {
        this.receiver = receiver;
        this.delivery = delivery;
        this.channel = channel;
        Settings s = receiver.peer().settings;
        this.reliableLimit = 2L * s.sendQueueLimit() + s.maxMessage();
        this.lossyLimit = 2L * s.maxMessage();
    }

    void onMessage(int sequence, int index, int count, int total, ByteBuffer buf, int at, int length) {
        if (!wellFormed(index, count, total, length)) {
            return;
        }
        switch (delivery) {
            case RELIABLE -> ordered(sequence, index, count, total, buf, at, length);
            case RELIABLE_UNORDERED -> unordered(sequence, index, count, total, buf, at, length);
            case SEQUENCED, UNRELIABLE -> lossy(sequence, index, count, total, buf, at, length);
        }
    }

    private boolean wellFormed(int index, int count, int total, int length) {
        int max = receiver.peer().settings.maxMessage();
        if (count == 1) {
            if (length <= max) {
                return true;
            }
            return fail("message of " + length + " bytes is over maxMessage " + max);
        }
        if (index >= count || total > max || total < count) {
            return fail(
                    "fragment " + index + " of " + count + " of a " + total + "-byte message (maxMessage " + max + ")");
        }
        int size = UdpWire.ceilDiv(total, count);
        int last = total - size * (count - 1);
        int expected = index < count - 1 ? size : last;
        if (last <= 0 || length != expected) { // count and total an honest sender cannot produce
            return fail("fragment " + index + " of " + count + " has " + length + " bytes, expected " + expected);
        }
        return true;
    }

    private void ordered(int sequence, int index, int count, int total, ByteBuffer buf, int at, int length) {
        int ahead = sequence - next;
        if (ahead < 0) {
            return; // a duplicate of something delivered
        }
        if (ahead >= SEQUENCE_WINDOW) {
            fail("sequence " + sequence + " is " + ahead + " ahead of " + next);
            return;
        }
        if (ahead > 0) {
            if (early == null) {
                early = new HashMap<>();
            }
            if (!early.containsKey(sequence)) {
                byte[] copy = new byte[length];
                buf.get(at, copy);
                early.put(sequence, new Piece(index, count, total, copy));
                hold(length + ENTRY_COST);
            }
            return;
        }
        take(index, count, total, buf, at, length);
        next++;
        Piece p;
        while (early != null && (p = early.remove(next)) != null) {
            receiver.heldReliable -= p.data.length + ENTRY_COST;
            take(p.index, p.count, p.total, ByteBuffer.wrap(p.data), 0, p.data.length);
            next++;
        }
    }

    /** The next message or fragment in order. */
    private void take(int index, int count, int total, ByteBuffer buf, int at, int length) {
        if (count == 1) {
            if (building != null) {
                fail("a whole message arrived in the middle of a fragmented one");
                return;
            }
            deliver(buf, at, length);
            return;
        }
        if (index == 0) {
            if (building != null) {
                fail("a new fragmented message began before the last one ended");
                return;
            }
            building = new Assembly(count, total);
            hold(total);
        } else if (building == null || building.count != count || building.total != total || building.got != index) {
            fail("fragment " + index + " of " + count + " arrived out of its message");
            return;
        }
        if (building.add(index, buf, at, length)) {
            Assembly done = building;
            building = null;
            receiver.heldReliable -= done.total;
            deliver(ByteBuffer.wrap(done.data), 0, done.total);
        }
    }

    private void unordered(int sequence, int index, int count, int total, ByteBuffer buf, int at, int length) {
        int ahead = sequence - next;
        if (ahead < 0 || (seenAhead != null && seenAhead.contains(sequence))) {
            return; // a duplicate
        }
        if (ahead >= SEQUENCE_WINDOW) {
            fail("sequence " + sequence + " is " + ahead + " ahead of " + next);
            return;
        }
        if (ahead == 0) {
            next++;
            while (seenAhead != null && seenAhead.remove(next)) {
                receiver.heldReliable -= ENTRY_COST;
                next++;
            }
        } else {
            if (seenAhead == null) {
                seenAhead = new HashSet<>();
            }
            seenAhead.add(sequence);
            hold(ENTRY_COST);
        }
        if (count == 1) {
            deliver(buf, at, length);
            return;
        }
        if (assemblies == null) {
            assemblies = new HashMap<>();
        }
        int id = sequence - index;
        Assembly a = assemblies.get(id);
        if (a == null) {
            a = new Assembly(count, total);
            assemblies.put(id, a);
            hold(total);
        } else if (a.count != count || a.total != total) {
            fail("fragments of message " + id + " disagree on its size");
            return;
        }
        if (a.add(index, buf, at, length)) {
            assemblies.remove(id);
            receiver.heldReliable -= total;
            deliver(ByteBuffer.wrap(a.data), 0, total);
        }
    }

    private void lossy(int sequence, int index, int count, int total, ByteBuffer buf, int at, int length) {
        int id = sequence - index;
        boolean sequenced = delivery == Delivery.SEQUENCED;
        if (sequenced && delivered && id - next <= 0) {
            return; // older than what was delivered
        }
        if (count == 1) {
            accepted(id);
            deliver(buf, at, length);
            return;
        }
        if (assemblies == null) {
            assemblies = new LinkedHashMap<>();
        }
        Assembly a = assemblies.get(id);
        if (a == null) {
            if (assemblies.size() >= LOSSY_ASSEMBLIES) {
                evictOldest();
            }
            while (receiver.heldLossy + total > lossyLimit && receiver.evictOldestLossy()) {
                // the budget is the connection's: the oldest incomplete message goes, on any channel
            }
            if (receiver.heldLossy + total > lossyLimit) {
                receiver.peer().counters.datagramsDropped++;
                return;
            }
            a = new Assembly(count, total);
            a.born = receiver.lossyBirths++;
            assemblies.put(id, a);
            receiver.heldLossy += total;
        } else if (a.count != count || a.total != total) {
            fail("fragments of message " + id + " disagree on its size");
            return;
        }
        if (a.add(index, buf, at, length)) {
            assemblies.remove(id);
            receiver.heldLossy -= total;
            accepted(id);
            deliver(ByteBuffer.wrap(a.data), 0, total);
        }
    }

    /** A SEQUENCED message is delivered: anything older, whole or in parts, is now worthless. */
    private void accepted(int id) {
        if (delivery != Delivery.SEQUENCED) {
            return;
        }
        next = id;
        delivered = true;
        if (assemblies != null) {
            for (Iterator<Map.Entry<Integer, Assembly>> it =
                            assemblies.entrySet().iterator();
                    it.hasNext(); ) {
                Map.Entry<Integer, Assembly> e = it.next();
                if (e.getKey() - id <= 0) {
                    receiver.heldLossy -= e.getValue().total;
                    it.remove();
                }
            }
        }
    }

    /** The birth of this channel's oldest incomplete lossy message, or {@link Long#MAX_VALUE}. */
    long oldestLossy() {
        if (delivery.isReliable() || assemblies == null || assemblies.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return assemblies.values().iterator().next().born;
    }

    void evictOldest() {
        Iterator<Map.Entry<Integer, Assembly>> it = assemblies.entrySet().iterator();
        if (it.hasNext()) {
            receiver.heldLossy -= it.next().getValue().total;
            it.remove();
            receiver.peer().counters.datagramsDropped++;
        }
    }

    private void hold(long bytes) {
        receiver.heldReliable += bytes;
        if (receiver.heldReliable > reliableLimit) {
            fail("the peer sent more than the receive window of " + reliableLimit
                    + " bytes ahead; set the same sendQueue on both sides");
        }
    }

    private void deliver(ByteBuffer buf, int at, int length) {
        UdpPeer peer = receiver.peer();
        if (peer.acceptsData()) {
            peer.deliver(channel, peer.net.lend(buf, at, at + length));
        }
    }

    private boolean fail(String detail) {
        receiver.peer().protocolError(detail);
        return false;
    }
}
