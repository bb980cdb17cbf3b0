package io.netloop.internal;

import io.netloop.Delivery;
import java.nio.ByteBuffer;

/**
 * One message, or one fragment of a message, on its way over UDP. A reliable one is kept until a
 * packet that carried it is acknowledged; it may ride in several packets if some are lost.
 */
final class UdpOut {
    final int channel;
    final Delivery delivery;
    final int sequence;
    final int index;
    final int count;
    final int total;
    final byte[] data;
    final int offset;
    final int length;
    /** The message's first fragment (this one, for a whole message): it speaks for the message. */
    final UdpOut first;

    boolean acked;
    /** A newer SEQUENCED message of the same channel replaced this one before it was sent (on {@link #first}). */
    boolean superseded;

    UdpOut(
            UdpOut first,
            Delivery delivery,
            int channel,
            int sequence,
            int index,
            int count,
            byte[] data,
            int offset,
            int length) {
        this.first = first == null ? this : first;
        this.delivery = delivery;
        this.channel = channel;
        this.sequence = sequence;
        this.index = index;
        this.count = count;
        this.total = data.length;
        this.data = data;
        this.offset = offset;
        this.length = length;
    }

    int wireSize() {
        return UdpWire.MESSAGE_HEADER + (count > 1 ? UdpWire.FRAGMENT_HEADER : 0) + length;
    }

    void writeTo(ByteBuffer packet) {
        boolean fragment = count > 1;
        packet.put((byte) (UdpWire.FRAME_MESSAGE | delivery.ordinal() | (fragment ? UdpWire.FRAGMENT_FLAG : 0)));
        packet.put((byte) channel);
        packet.putInt(sequence);
        if (fragment) {
            packet.putShort((short) index);
            packet.putShort((short) count);
            packet.putInt(total);
        }
        packet.putShort((short) length);
        packet.put(data, offset, length);
    }
}
