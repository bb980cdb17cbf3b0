package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.SendResult;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The sending half of a UDP connection: queues, packets, acknowledgements, loss detection,
 * retransmission and congestion control.
 *
 * <p>Every packet has a number. The receiver reports the numbers it got in ACK frames; a packet is
 * judged lost when three later ones were acknowledged, or when it is older than 9/8 of the round
 * trip while later ones were, or when nothing came back for a probe timeout (which then doubles).
 * The reliable messages of a lost packet go out again first, in new packets. The window (bytes in
 * flight) grows as in TCP NewReno: by a packet per acknowledged packet in slow start, by a packet
 * per round trip afterwards, and halves once per round trip of losses.
 */
final class UdpSender {
    /** Packets remembered for acknowledgement; also the most that can be in flight. */
    private static final int RING = 4096;

    /** A quiet connection's ring: a game's few packets per frame, without 4,096 slots per peer. */
    private static final int SMALL_RING = 16;

    /**
     * The largest window, in packets: about 1.2 MB at the default mtu, which a receiver's socket
     * buffer holds; a larger burst would overflow it on a fast path and look like congestion.
     */
    private static final int MAX_WINDOW = 1024;

    /** The round trip assumed before the first measurement. */
    private static final long INITIAL_RTT = 100_000_000L;

    private static final int PACKET_THRESHOLD = 3;

    /** One sent packet, kept in a ring until it is acknowledged or judged lost. */
    private static final class Sent {
        int number;
        long sentAt;
        int size;
        boolean inFlight;
        boolean settled;
        boolean close;
        UdpOut[] messages = new UdpOut[8];
        int count;
    }

    private final UdpPeer peer;
    private final PeerCounters counters;
    private final long limit;
    private final ArrayDeque<UdpOut> queue = new ArrayDeque<>();
    private final ArrayDeque<UdpOut> retransmit = new ArrayDeque<>();
    /** Grows from {@link #SMALL_RING} with the packets in flight, and shrinks back when none are. */
    private Sent[] ring = new Sent[SMALL_RING];

    private int mask = SMALL_RING - 1;
    /** Packets sent that asked for an acknowledgement and are neither acknowledged nor lost. */
    private int outstanding;

    private int[] nextSequence;
    private UdpOut[] unsentSequenced;
    private int nextNumber;
    private int largestAcked = -1;
    private int scanFrom;
    private long queuedBytes;
    private long bytesInFlight;
    private long window;
    private long threshold = Long.MAX_VALUE;
    /** Inside a recovery period: losses of packets sent before {@link #recoveryStart} count once. */
    private boolean inRecovery;

    private int recoveryStart;
    private int probes;
    private int mtu;
    boolean closeWanted;
    boolean closeAcked;
    boolean pingWanted;
    /** One packet may go past the window: a probe after a probe timeout. */
    private boolean probeWanted;

    UdpSender(UdpPeer peer, int mtu) {
        this.peer = peer;
        this.counters = peer.counters;
        this.limit = peer.settings.sendQueueLimit();
        mtu(mtu);
    }

    void mtu(int mtu) {
        this.mtu = mtu;
        this.window = 10L * mtu;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /** A packet number for a one-off packet that is not tracked (a last CLOSE). */
    int nextNumberForClose() {
        return nextNumber++;
    }

    /** Nothing is waiting to be sent or acknowledged. */
    boolean isIdle() {
        return queue.isEmpty() && retransmit.isEmpty() && queuedBytes == 0;
    }

    SendResult enqueue(int channel, Delivery delivery, int length, byte[] array, int offset, ByteBuffer buffer) {
        if (delivery == Delivery.SEQUENCED && supersede(channel)) {
            counters.messagesDropped++;
        }
        if (queuedBytes > 0) {
            if (delivery.isReliable() && queuedBytes + length + UdpWire.MESSAGE_COST > limit) {
                return SendResult.BACKPRESSURED;
            }
            // A SEQUENCED message is kept even past half: it replaced its channel's unsent one above,
            // so each channel holds at most one, and the newest position is never lost to a backlog.
            if (delivery == Delivery.UNRELIABLE && queuedBytes + length + UdpWire.MESSAGE_COST > limit / 2) {
                counters.messagesDropped++;
                return SendResult.DROPPED;
            }
        }
        byte[] data = new byte[length];
        if (buffer != null) {
            buffer.get(buffer.position(), data);
        } else {
            System.arraycopy(array, offset, data, 0, length);
        }
        split(delivery, channel, data);
        counters.messagesSent++;
        peer.markDirty();
        return SendResult.QUEUED;
    }

    /** Queues a message, cut into fragments that each fit in one packet of the current mtu. */
    private void split(Delivery delivery, int channel, byte[] data) {
        int key = channel * 4 + delivery.ordinal();
        if (nextSequence == null || nextSequence.length <= key) {
            nextSequence = java.util.Arrays.copyOf(nextSequence == null ? new int[0] : nextSequence, key + 4);
        }
        int length = data.length;
        int count = length <= mtu - UdpWire.PACKET_HEADER - UdpWire.MESSAGE_HEADER
                ? 1
                : UdpWire.ceilDiv(length, UdpWire.maxFragmentPayload(mtu));
        int size = UdpWire.ceilDiv(Math.max(length, 1), count);
        UdpOut first = null;
        for (int i = 0; i < count; i++) {
            int from = i * size;
            UdpOut out = new UdpOut(
                    first, delivery, channel, nextSequence[key]++, i, count, data, from, Math.min(size, length - from));
            first = out.first;
            queue.add(out);
            queuedBytes += cost(out);
            remember(out);
        }
    }

    /**
     * Cuts what was queued before the handshake again for the mtu the host agreed to, which may be
     * smaller than ours. Nothing has been sent yet, so sequence numbers start over.
     */
    void recut(int agreed) {
        if (agreed == mtu) {
            return;
        }
        java.util.List<UdpOut> messages = new java.util.ArrayList<>();
        for (UdpOut m : queue) {
            if (m.index == 0 && !m.superseded) {
                messages.add(m);
            }
        }
        queue.clear();
        queuedBytes = 0;
        nextSequence = null;
        unsentSequenced = null;
        mtu(agreed);
        for (UdpOut m : messages) {
            split(m.delivery, m.channel, m.data);
        }
    }

    /**
     * What a message or fragment counts toward {@code sendQueue}: its bytes and the bookkeeping a
     * receiver charges for holding it, so that an honest sender never outruns a receive window.
     */
    private static long cost(UdpOut m) {
        return m.length + UdpWire.MESSAGE_COST;
    }

    private void remember(UdpOut out) {
        if (out.delivery == Delivery.SEQUENCED && out.index == 0) {
            if (unsentSequenced == null || unsentSequenced.length <= out.channel) {
                unsentSequenced = java.util.Arrays.copyOf(
                        unsentSequenced == null ? new UdpOut[0] : unsentSequenced, out.channel + 1);
            }
            unsentSequenced[out.channel] = out;
        }
    }

    /** Marks the unsent SEQUENCED message of a channel as replaced by a newer one. */
    private boolean supersede(int channel) {
        if (unsentSequenced == null || unsentSequenced.length <= channel || unsentSequenced[channel] == null) {
            return false;
        }
        UdpOut old = unsentSequenced[channel];
        unsentSequenced[channel] = null;
        old.superseded = true;
        queuedBytes -= old.total + (long) old.count * UdpWire.MESSAGE_COST;
        return true;
    }

    /**
     * Sends what the window allows, each packet led by an acknowledgement when one is owed.
     *
     * @return true when nothing is left waiting to be sent
     */
    boolean flush(UdpReceiver receiver, long now) {
        while (true) {
            ByteBuffer packet = peer.startPacket(nextNumber);
            boolean ack = receiver.writeAck(packet, mtu);
            boolean eliciting = false;
            Sent sent = slotFor(nextNumber);
            boolean mayGrow = sent != null && (bytesInFlight + mtu <= window || bytesInFlight == 0 || probeWanted);
            probeWanted = false;
            if (mayGrow && pingWanted) {
                packet.put((byte) UdpWire.FRAME_PING);
                pingWanted = false;
                eliciting = true;
            }
            if (mayGrow) {
                eliciting |= fill(packet, sent);
            }
            if (mayGrow && closeWanted && isIdle() && sent.count == 0 && packet.remaining() >= 2 + 255 + 2) {
                peer.writeClose(packet);
                sent.close = true;
                closeWanted = false;
                eliciting = true;
            }
            if (!ack && !eliciting) {
                return queue.isEmpty() && retransmit.isEmpty() && !closeWanted;
            }
            packet.flip();
            int size = packet.remaining();
            peer.sendPacket(packet);
            counters.packetsSent++;
            counters.bytesSent += size;
            int number = nextNumber++;
            if (eliciting) {
                sent.number = number;
                sent.sentAt = now;
                sent.size = size;
                sent.inFlight = true;
                sent.settled = false;
                outstanding++;
                bytesInFlight += size;
                peer.scheduleTimer(now + probeTimeout());
            } else if (sent != null) {
                sent.settled = true;
                sent.count = 0;
                sent.close = false;
            }
            boolean waiting = !queue.isEmpty() || !retransmit.isEmpty() || closeWanted;
            if (!eliciting && !(ack && mayGrow && waiting)) {
                return !waiting; // (an ACK that took the room goes alone; the next packet has room)
            }
        }
    }

    /** Puts lost messages, then new ones, into the packet while they fit. */
    private boolean fill(ByteBuffer packet, Sent sent) {
        sent.count = 0;
        sent.close = false;
        boolean any = false;
        while (true) {
            ArrayDeque<UdpOut> from = !retransmit.isEmpty() ? retransmit : queue;
            UdpOut m = from.peekFirst();
            if (m == null) {
                return any;
            }
            if (m.acked || m.first.superseded) {
                from.pollFirst();
                continue;
            }
            if (m.wireSize() > packet.remaining()) {
                return any;
            }
            from.pollFirst();
            m.writeTo(packet);
            any = true;
            if (from == retransmit) {
                counters.retransmissions++;
            }
            if (m.delivery.isReliable()) {
                if (sent.count == sent.messages.length) {
                    sent.messages = java.util.Arrays.copyOf(sent.messages, sent.count * 2);
                }
                sent.messages[sent.count++] = m;
            } else {
                queuedBytes -= cost(m); // lossy bytes stop counting once they are sent
                if (unsentSequenced != null && unsentSequenced.length > m.channel && unsentSequenced[m.channel] == m) {
                    unsentSequenced[m.channel] = null;
                }
            }
        }
    }

    /** The ring slot for packet {@code number}, or null while the ring is full of unsettled packets. */
    private Sent slotFor(int number) {
        Sent s = ring[number & mask];
        if (s != null && !s.settled) {
            if (ring.length == RING) {
                return null;
            }
            resize(ring.length * 2);
            s = ring[number & mask];
        }
        if (s == null) {
            s = ring[number & mask] = new Sent();
            s.settled = true;
        }
        return s;
    }

    /** Moves the unsettled packets into a ring of {@code size} slots; their numbers stay distinct. */
    private void resize(int size) {
        Sent[] old = ring;
        ring = new Sent[size];
        mask = size - 1;
        for (Sent s : old) {
            if (s != null && !s.settled) {
                ring[s.number & mask] = s;
            }
        }
    }

    /** An ACK frame arrived: {@code largest} and the packets its bitmap names. */
    void onAck(int largest, ByteBuffer bitmap, int bitmapAt, int bitmapBytes, long now) {
        if (largest - nextNumber >= 0) {
            peer.protocolError("acknowledgement of packet " + largest + ", which was never sent");
            return;
        }
        boolean newLargest = largest - largestAcked > 0;
        Sent top = ring[largest & mask];
        if (newLargest && top != null && top.number == largest && !top.settled && top.inFlight) {
            counters.rttSample(now - top.sentAt);
        }
        acknowledge(largest);
        for (int i = 0; i < bitmapBytes * 8; i++) {
            if ((bitmap.get(bitmapAt + i / 8) & (1 << (i % 8))) != 0) {
                acknowledge(largest - 1 - i);
            }
        }
        if (newLargest) {
            largestAcked = largest;
        }
        detectLosses(now);
    }

    private void acknowledge(int number) {
        Sent s = ring[number & mask];
        if (s == null || s.number != number || s.settled || number - nextNumber >= 0) {
            return;
        }
        s.settled = true;
        outstanding--;
        probes = 0;
        if (s.inFlight) {
            bytesInFlight -= s.size;
            if (inRecovery && number - recoveryStart >= 0) {
                inRecovery = false; // a packet sent after the loss made it: recovery is over
            }
            if (!inRecovery) {
                window += window < threshold ? s.size : (long) mtu * s.size / window;
                window = Math.min(window, (long) MAX_WINDOW * mtu);
            }
        }
        for (int i = 0; i < s.count; i++) {
            UdpOut m = s.messages[i];
            s.messages[i] = null;
            if (!m.acked) {
                m.acked = true;
                queuedBytes -= cost(m); // reliable bytes count until their fragment is acknowledged
            }
        }
        s.count = 0;
        if (s.close) {
            closeAcked = true;
        }
    }

    /** How long a packet may stay unacknowledged after a later one was acknowledged. */
    private long lossDelay() {
        return Math.max(9 * counters.srtt(INITIAL_RTT) / 8, 1_000_000L);
    }

    private void detectLosses(long now) {
        long lossDelay = lossDelay();
        while (scanFrom - nextNumber < 0) {
            Sent s = ring[scanFrom & mask];
            if (s == null || s.number != scanFrom || s.settled) {
                scanFrom++;
                continue;
            }
            if (largestAcked - scanFrom >= PACKET_THRESHOLD
                    || (largestAcked - scanFrom > 0 && now - s.sentAt >= lossDelay)) {
                lost(s, true);
                scanFrom++;
            } else {
                return;
            }
        }
    }

    private void lost(Sent s, boolean congestion) {
        s.settled = true;
        outstanding--;
        counters.packetsLost++;
        if (s.inFlight) {
            bytesInFlight -= s.size;
        }
        if (congestion && (!inRecovery || s.number - recoveryStart >= 0)) {
            inRecovery = true;
            recoveryStart = nextNumber;
            threshold = Math.max(window / 2, 4L * mtu);
            window = threshold;
        }
        for (int i = 0; i < s.count; i++) {
            UdpOut m = s.messages[i];
            s.messages[i] = null;
            if (!m.acked) {
                retransmit.add(m);
            }
        }
        s.count = 0;
        if (s.close) {
            closeWanted = true;
        }
        peer.markDirty();
    }

    /**
     * Declares lost what a later acknowledgement overtook long enough ago, and what has waited
     * longer than the probe timeout, which then backs off.
     */
    void onTimer(long now) {
        detectLosses(now);
        if (outstanding == 0 && ring.length > SMALL_RING) {
            resize(SMALL_RING); // the burst is over: a quiet connection keeps a small ring
        }
        long timeout = probeTimeout();
        for (int n = scanFrom; n - nextNumber < 0; n++) {
            Sent s = ring[n & mask];
            if (s != null && s.number == n && !s.settled) {
                if (now - s.sentAt < timeout) {
                    return; // the rest are younger
                }
                boolean reliable = s.count > 0 || s.close;
                lost(s, false);
                if (reliable) {
                    // No acknowledgement for a whole probe timeout: send the oldest packet's reliable
                    // messages again with a PING, allowed past the window. Its acknowledgement tells
                    // what else was lost; the silence is no proof of congestion, so the window stays.
                    pingWanted = true;
                    probeWanted = true;
                    probes++;
                    return;
                }
                // lossy data is never sent again, so an unanswered lossy packet needs no probe
            }
        }
    }

    /**
     * The link is back after an outage: whatever was in flight is taken as lost and its reliable
     * messages go out again first, and congestion control starts over, since the path may be new.
     */
    void onResume() {
        for (int n = scanFrom; n - nextNumber < 0; n++) {
            Sent s = ring[n & mask];
            if (s != null && s.number == n && !s.settled) {
                lost(s, false);
            }
        }
        scanFrom = nextNumber;
        window = 10L * mtu;
        threshold = Long.MAX_VALUE;
        inRecovery = false;
        probes = 0;
        probeWanted = false;
        pingWanted = true; // an early acknowledgement measures the new path
    }

    /** When {@link #onTimer} next has something to judge. */
    long nextTimer() {
        for (int n = scanFrom; n - nextNumber < 0; n++) {
            Sent s = ring[n & mask];
            if (s != null && s.number == n && !s.settled) {
                return s.sentAt + (largestAcked - n > 0 ? lossDelay() : probeTimeout());
            }
        }
        return Deadline.NONE;
    }

    /**
     * How long to wait for any acknowledgement before judging the oldest packets lost. The round
     * trip samples include the receiver's acknowledgement delay (it acknowledges once per poll), so
     * none is added on top, unlike QUIC.
     */
    private long probeTimeout() {
        long base = counters.srtt(INITIAL_RTT) + Math.max(4 * counters.rttvar(INITIAL_RTT / 2), 1_000_000L);
        return base << Math.min(probes, 6);
    }
}
