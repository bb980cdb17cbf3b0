package io.netloop.internal;

import io.netloop.PeerState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads one peer's socket into the {@link RealNet}'s shared read buffer and cuts it into frames,
 * which are lent to the peer without a copy. What is left of a small frame at the end of a read is
 * carried to the next one; a large frame is assembled in a buffer of its own that grows as its
 * bytes arrive, so a header that announces a megabyte costs nothing until the megabyte comes.
 */
final class TcpReader {
    /** Frames up to this size are carried over in a small array; larger ones get an assembly buffer. */
    private static final int CARRY_MAX = 16 * 1024;

    private static final int ASSEMBLY_START = 64 * 1024;

    private final TcpPeer peer;
    private byte[] carry;
    private ByteBuffer assembly;
    private int assemblyLength;
    private ByteBuffer pulled;
    /** Simulated latency on what arrives: bytes wait here before they are parsed, or null. */
    private final StreamDelay delay;

    TcpReader(TcpPeer peer) {
        this.peer = peer;
        this.delay = StreamDelay.of(peer.net, peer.settings, 2);
    }

    long nextDue() {
        return delay == null ? Deadline.NONE : delay.nextDue();
    }

    /** Parses the delayed bytes whose time has come; they join any partial frame carried over. */
    void releaseDelayed() {
        if (delay != null) {
            delay.release((bytes, link) -> parseDelayed(bytes));
            peer.afterRead();
        }
    }

    private void parseDelayed(byte[] bytes) {
        if (peer.state() == PeerState.DISCONNECTED) {
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((carry == null ? 0 : carry.length) + bytes.length);
        if (carry != null) {
            buf.put(carry);
        }
        buf.put(bytes).flip();
        carry = null;
        SocketChannel link = peer.channel;
        consume(buf);
        if (buf.hasRemaining() && peer.state() != PeerState.DISCONNECTED && peer.channel == link) {
            carry = new byte[buf.remaining()];
            buf.get(carry);
        }
    }

    void onReadable() {
        try {
            if (peer.settings.pull()) {
                readPulled();
            } else {
                readFrames();
                peer.afterRead();
            }
        } catch (IOException e) {
            peer.failed(e);
        }
    }

    private void readFrames() throws IOException {
        ByteBuffer buf = peer.net.readBuffer;
        int budget = peer.settings.readLimit();
        if (delay != null) {
            readDelayed(buf, budget);
            return;
        }
        while (budget > 0 && peer.state() != PeerState.DISCONNECTED) {
            if (assembly != null) {
                int n = readAssembly(budget);
                if (n <= 0) {
                    return;
                }
                budget -= n;
                continue;
            }
            SocketChannel link = peer.channel;
            buf.clear();
            byte[] carried = carry;
            if (carried != null) {
                buf.put(carried);
                carry = null;
            }
            buf.limit(Math.min(buf.capacity(), buf.position() + budget)); // no read past the budget
            int room = buf.remaining();
            int n = link.read(buf);
            if (n < 0) {
                peer.onEndOfStream();
                return;
            }
            if (n == 0) {
                carry = carried;
                return;
            }
            received(n);
            budget -= n;
            buf.flip();
            consume(buf);
            if (peer.state() == PeerState.DISCONNECTED || peer.channel != link) {
                return; // the link ended while its bytes were parsed: what is left is not the next link's
            }
            if (buf.hasRemaining()) {
                carry = new byte[buf.remaining()];
                buf.get(carry);
            }
            if (n < room) {
                return; // the socket had no more for now; skip a read that would return 0
            }
        }
    }

    private void readDelayed(ByteBuffer buf, int budget) throws IOException {
        while (budget > 0) {
            buf.clear().limit(Math.min(buf.capacity(), budget));
            int n = peer.channel.read(buf);
            if (n < 0) {
                releaseDelayed();
                peer.onEndOfStream();
                return;
            }
            if (n == 0) {
                break;
            }
            received(n);
            budget -= n;
            delay.add(buf.flip());
        }
        releaseDelayed();
    }

    /** Parses every complete unit in {@code buf}, leaving its position at the first byte not used. */
    private void consume(ByteBuffer buf) {
        if (peer.raw) {
            deliver(0, buf, buf.position(), buf.limit());
            buf.position(buf.limit());
            return;
        }
        while (peer.state() != PeerState.DISCONNECTED) {
            if (!peer.linkReady) {
                if (!handshake(buf)) {
                    return;
                }
                continue;
            }
            if (buf.remaining() < 4) {
                return;
            }
            int at = buf.position();
            int length = buf.getInt(at);
            if (length < 1 || length > peer.settings.maxMessage() + 2) {
                peer.protocolError("frame of " + Integer.toUnsignedString(length) + " bytes is outside 1.."
                        + (peer.settings.maxMessage() + 2) + " (maxMessage + 2)");
                return;
            }
            if (buf.remaining() - 4 < length) {
                if (4 + length > CARRY_MAX && delay == null) {
                    startAssembly(buf, length); // with simulated latency the carry holds it instead
                }
                return;
            }
            buf.position(at + 4 + length);
            frame(buf, at + 4, length);
        }
    }

    private void frame(ByteBuffer buf, int at, int length) {
        int kind = buf.get(at) & 0xff;
        if (Wire.isData(kind) || kind == Wire.KIND_CLOSE) {
            peer.received += 4 + length; // the session's data offset
        }
        if (Wire.isData(kind)) {
            if (length < 2) {
                peer.protocolError("DATA frame without a channel byte");
            } else {
                deliver(buf.get(at + 1) & 0xff, buf, at + 2, at + length);
            }
        } else if (kind == Wire.KIND_PING && length == 9) {
            peer.onPing(buf.getLong(at + 1));
        } else if (kind == Wire.KIND_PONG && length == 9) {
            peer.onPong(buf.getLong(at + 1));
        } else if (kind == Wire.KIND_CLOSE && length >= 2 && length <= 257) {
            peer.onCloseFrame(buf.get(at + 1) & 0xff, utf8(buf, at + 2, length - 2));
        } else if (kind == Wire.KIND_ACK && length == 9) {
            peer.onAck(buf.getLong(at + 1));
        } else {
            peer.protocolError("unknown frame kind 0x" + Integer.toHexString(kind) + " of " + length + " bytes");
        }
    }

    private void deliver(int channel, ByteBuffer buf, int from, int to) {
        if (!peer.acceptsData()) {
            return;
        }
        peer.deliver(channel, peer.net.lend(buf, from, to));
    }

    /**
     * Reads the HELLO (host side) or the WELCOME or REFUSE (client side).
     *
     * @return true once the handshake is done and frames follow
     */
    private boolean handshake(ByteBuffer b) {
        if (peer.isRefusing()) {
            b.position(b.limit()); // what follows a refused HELLO is not ours to read
            return false;
        }
        int at = b.position();
        int available = b.remaining();
        for (int i = 0; i < Math.min(4, available); i++) {
            if (b.get(at + i) != (byte) (Wire.MAGIC >>> (24 - 8 * i))) {
                peer.protocolError("not a netloop " + (peer.host() == null ? "host" : "client")
                        + ": wrong magic in the handshake");
                return false;
            }
        }
        if (available < Wire.HANDSHAKE_HEADER) {
            return false;
        }
        int version = b.get(at + 4) & 0xff;
        int type = b.get(at + 5) & 0xff;
        int n = b.get(at + 6) & 0xff;
        if (type == Wire.REFUSE && peer.host() == null) {
            if (available < Wire.HANDSHAKE_HEADER + 1
                    || available < Wire.HANDSHAKE_HEADER + 1 + (b.get(at + 7) & 0xff)) {
                return false;
            }
            peer.refused(b.get(at + 6) & 0xff, utf8(b, at + 8, b.get(at + 7) & 0xff));
            return false;
        }
        boolean expected = peer.host() == null
                ? type == Wire.WELCOME || type == Wire.RESUMED
                : type == Wire.HELLO || type == Wire.RESUME;
        if (!expected || n == 0) {
            peer.protocolError(
                    "unexpected handshake message of type " + type + " with " + n + " bytes of application id");
            return false;
        }
        int rest = at + Wire.HANDSHAKE_HEADER + n;
        if (available < Wire.HANDSHAKE_HEADER + n + 1) {
            return false;
        }
        int restLength = Wire.restLength(type, b, rest, available - Wire.HANDSHAKE_HEADER - n);
        if (restLength < 0 || available < Wire.HANDSHAKE_HEADER + n + restLength) {
            return false;
        }
        b.position(rest + restLength);
        peer.onGreeting(type, version, utf8(b, at + Wire.HANDSHAKE_HEADER, n), b, rest);
        return peer.linkReady && peer.state() != PeerState.DISCONNECTED;
    }

    private void startAssembly(ByteBuffer buf, int length) {
        assemblyLength = length;
        buf.position(buf.position() + 4);
        assembly = ByteBuffer.allocate(Math.min(length, Math.max(ASSEMBLY_START, 2 * buf.remaining())));
        assembly.put(buf);
    }

    private int readAssembly(int budget) throws IOException {
        if (!assembly.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(assemblyLength, assembly.capacity() * 2));
            assembly.flip();
            bigger.put(assembly);
            assembly = bigger;
        }
        assembly.limit(Math.min(assembly.capacity(), assembly.position() + budget));
        int n = peer.channel.read(assembly);
        assembly.limit(assembly.capacity());
        if (n < 0) {
            peer.onEndOfStream();
            return -1;
        }
        received(n);
        if (assembly.position() == assemblyLength) {
            ByteBuffer done = assembly;
            assembly = null;
            done.flip();
            frame(done, 0, assemblyLength);
        }
        return n;
    }

    private void readPulled() throws IOException {
        if (pulled == null) {
            pulled = ByteBuffer.allocate(Math.min(8192, peer.settings.maxMessage()));
        }
        if (!pulled.hasRemaining()) {
            if (pulled.capacity() < peer.settings.maxMessage()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(peer.settings.maxMessage(), pulled.capacity() * 2));
                pulled.flip();
                pulled = bigger.put(pulled);
            } else {
                peer.interest(SelectionKey.OP_READ, false); // full: TCP flow control holds the rest back
                return;
            }
        }
        int n = peer.channel.read(pulled);
        if (n < 0) {
            peer.onEndOfStream();
        } else if (n > 0) {
            received(n);
        }
    }

    byte[] pull(int maxBytes) {
        if (pulled == null || pulled.position() == 0) {
            return new byte[0];
        }
        pulled.flip();
        byte[] out = new byte[Math.min(maxBytes, pulled.remaining())];
        pulled.get(out);
        pulled.compact();
        peer.interest(SelectionKey.OP_READ, true);
        return out;
    }

    /** Drops partial input; bytes already pulled-in stay readable with {@link #pull}. */
    void release() {
        carry = null;
        assembly = null;
        if (delay != null) {
            delay.clear();
        }
    }

    private void received(int n) {
        peer.counters.bytesReceived += n;
        peer.lastReceived = peer.net.now();
    }

    private static String utf8(ByteBuffer b, int at, int length) {
        byte[] bytes = new byte[length];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
