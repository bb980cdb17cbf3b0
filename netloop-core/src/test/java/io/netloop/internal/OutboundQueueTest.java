package io.netloop.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.SendResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session stream of one TCP connection: what is kept until acknowledged, what a rewind writes
 * again, and that the frames of one link never come back. Tiny chunks make every frame straddle
 * chunk boundaries.
 */
@Timeout(10)
class OutboundQueueTest {
    private final BufferPool small = new BufferPool(16, 64);
    private final BufferPool large = new BufferPool(32, 64);

    /** A socket that takes at most {@code budget} bytes per write, and remembers them. */
    private static final class Sink implements GatheringByteChannel {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        int budget = Integer.MAX_VALUE;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length && n < budget; i++) {
                while (srcs[i].hasRemaining() && n < budget) {
                    got.write(srcs[i].get());
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}

        byte[] take() {
            byte[] b = got.toByteArray();
            got.reset();
            return b;
        }
    }

    private OutboundQueue queue(long limit) {
        OutboundQueue q = new OutboundQueue(small, large, limit, null);
        q.retain(true);
        return q;
    }

    private static byte[] bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    @Test
    void rewindWritesAgainEverySessionByteAfterTheOffsetAndNoLinkFrame() throws Exception {
        OutboundQueue q = queue(1 << 20);
        Sink link = new Sink();
        q.appendLink(new byte[] {-1, -1, -1}, 0, 3); // a handshake
        q.append(bytes(0, 40), 0, 40);
        q.appendLink(new byte[] {-2, -2}, 0, 2); // a ping
        q.append(bytes(40, 30), 0, 30);
        q.writeTo(link);
        assertThat(link.take()).hasSize(75);

        assertThat(q.acknowledge(25)).isTrue();
        assertThat(q.unacknowledged()).isEqualTo(45 + 2); // the ping after the offset is still held
        q.append(bytes(70, 10), 0, 10); // sent while the link is down: never written

        assertThat(q.rewind(33)).isTrue();
        Sink next = new Sink();
        q.writeTo(next);
        assertThat(next.take()).isEqualTo(bytes(33, 47));
    }

    @Test
    void acknowledgementsOutsideWhatWasSentAreRefused() throws Exception {
        OutboundQueue q = queue(1 << 20);
        Sink link = new Sink();
        q.append(bytes(0, 10), 0, 10);
        assertThat(q.acknowledge(6)).as("appended, not written").isFalse();
        link.budget = 4;
        q.writeTo(link);
        assertThat(q.acknowledge(5)).as("past what was written").isFalse();
        link.budget = Integer.MAX_VALUE;
        q.writeTo(link);
        assertThat(q.acknowledge(11)).as("past what was appended").isFalse();
        assertThat(q.acknowledge(6)).isTrue();
        assertThat(q.acknowledge(5)).as("backwards").isFalse();
        assertThat(q.canRewind(5)).isFalse();
        assertThat(q.canRewind(10)).isTrue();
    }

    @Test
    void keptBytesAreBoundedByTwiceTheLimitAndReleasedByTheAcknowledgement() throws Exception {
        OutboundQueue q = queue(100);
        Sink link = new Sink();
        for (int i = 0; i < 3; i++) {
            q.append(bytes(60 * i, 60), 0, 60);
            q.writeTo(link);
        }
        assertThat(q.queuedBytes()).as("nothing left to write").isZero();
        assertThat(q.unacknowledged()).isEqualTo(180);
        assertThat(q.admit(30, true)).as("past twice the limit").isEqualTo(SendResult.BACKPRESSURED);
        assertThat(q.admit(30, false)).isEqualTo(SendResult.DROPPED);
        assertThat(q.admit(20, true)).as("up to twice the limit").isNull();
        assertThat(q.acknowledge(180)).isTrue();
        assertThat(q.unacknowledged()).isZero();
        assertThat(q.admit(50, true)).isNull();
    }

    @Test
    void unwrittenBytesAreBoundedByTheLimitAndLossyOnesByHalf() {
        OutboundQueue q = queue(100);
        q.append(bytes(0, 60), 0, 60);
        assertThat(q.admit(50, true)).isEqualTo(SendResult.BACKPRESSURED);
        assertThat(q.admit(40, true)).isNull();
        assertThat(q.admit(10, false)).as("lossy past half").isEqualTo(SendResult.DROPPED);
    }

    @Test
    void withoutASessionWrittenBytesAreNotKept() throws Exception {
        OutboundQueue q = new OutboundQueue(small, large, 100, null);
        Sink link = new Sink();
        q.append(bytes(0, 60), 0, 60);
        q.writeTo(link);
        assertThat(q.unacknowledged()).isZero();
        assertThat(q.admit(90, true)).isNull();
    }

    /** Many random appends, partial writes, acknowledgements and rewinds: the other side always ends with every byte once. */
    @Test
    void randomCutsLoseAndRepeatNothing() throws Exception {
        Random random = new Random(20261122);
        OutboundQueue q = queue(1 << 20);
        ByteArrayOutputStream received = new ByteArrayOutputStream(); // what the other side has, in order
        Sink link = new Sink();
        List<byte[]> pendingOnWire = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(50);
            q.append(bytes(next, n), 0, n);
            next += n;
            if (random.nextInt(4) == 0) {
                q.appendLink(new byte[] {(byte) 0xEE}, 0, 1); // link frames, which must never be resent
            }
            link.budget = random.nextInt(80);
            q.writeTo(link);
            pendingOnWire.add(link.take());
            if (random.nextInt(10) == 0) {
                // the link breaks: only part of what was written arrived
                byte[] wire = concat(pendingOnWire);
                pendingOnWire.clear();
                int arrived = random.nextInt(wire.length + 1);
                writeSession(received, wire, arrived);
                assertThat(q.rewind(received.size())).isTrue();
            } else if (random.nextInt(3) == 0) {
                byte[] wire = concat(pendingOnWire);
                pendingOnWire.clear();
                writeSession(received, wire, wire.length);
                assertThat(q.acknowledge(received.size())).isTrue();
            }
        }
        link.budget = Integer.MAX_VALUE;
        q.writeTo(link);
        pendingOnWire.add(link.take());
        byte[] wire = concat(pendingOnWire);
        writeSession(received, wire, wire.length);
        byte[] all = received.toByteArray();
        assertThat(all).hasSize(next);
        for (int i = 0; i < next; i++) {
            assertThat(all[i]).as("byte %d", i).isEqualTo((byte) i);
        }
    }

    /** Keeps the session bytes of the first {@code n} bytes on the wire: link frames are 0xEE markers. */
    private static void writeSession(ByteArrayOutputStream to, byte[] wire, int n) {
        for (int i = 0; i < n; i++) {
            if (wire[i] == (byte) 0xEE && to.size() % 256 != 0xEE) {
                continue; // a link frame (session byte k is (byte) k, so 0xEE is one only at k % 256 == 0xEE)
            }
            to.write(wire[i]);
        }
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        parts.forEach(b::writeBytes);
        return b.toByteArray();
    }
}
