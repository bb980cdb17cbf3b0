package io.netloop.internal;

import io.netloop.Listener;
import io.netloop.PeerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A UDP socket that accepts connections: the stateless side of the handshake, and the demultiplexing
 * of packets to peers by connection id (not by address, so a client whose NAT changes its address
 * keeps its connection).
 *
 * <p>A first HELLO gets a CHALLENGE with a cookie and leaves no state; only a HELLO that echoes a
 * good cookie, which proves the client receives at its address, makes a connection. No answer is
 * larger than the HELLO it answers, so the host cannot be used to amplify an attack.
 */
final class UdpHost extends BaseHost implements UdpSocket.Owner {
    /** The smallest HELLO a host answers: clients pad theirs to their mtu, which is at least this. */
    private static final int MIN_HELLO = 508;

    final UdpSocket socket;
    private final InetSocketAddress local;
    private final Cookie cookies = new Cookie();
    private final Map<Long, UdpPeer> byId = new HashMap<>();
    private final Map<Long, UdpPeer> byNonce = new HashMap<>();
    private final byte[] hello = new byte[UdpWire.HELLO_HEADER];
    /**
     * Nonces of connections that ended, until their cookies expire, so that a late or replayed
     * HELLO makes no second connection. Bounded: the oldest go first.
     */
    private final Map<Long, Long> ended = new java.util.LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 65_536;
        }
    };

    UdpHost(RealNet net, NetUri uri, Settings settings, Listener listener) {
        super(net, uri, settings, listener);
        UdpPeer.checkFragments(uri, settings);
        try {
            socket = UdpSocket.bind(net, uri.bindAddress(), settings.simulation());
            local = socket.localAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + uri + " (" + BasePeer.describe(e)
                            + "): pick another port, or port 0 for any free one",
                    e);
        }
        socket.owner(this);
    }

    @Override
    public void onDatagram(ByteBuffer buf, InetSocketAddress from) {
        int type = buf.remaining() > 0 ? buf.get(0) & 0xff : -1;
        if (type == UdpWire.PACKET && buf.remaining() >= UdpWire.PACKET_HEADER) {
            UdpPeer peer = byId.get(buf.getLong(1));
            if (peer != null) {
                peer.onPacket(buf, from);
                return;
            }
        } else if (type == UdpWire.HELLO && isOpen()) {
            onHello(buf, from);
            return;
        }
        stats.datagramsDropped++;
    }

    private void onHello(ByteBuffer buf, InetSocketAddress from) {
        int length = buf.remaining();
        int appLength = length >= UdpWire.HELLO_HEADER ? buf.get(UdpWire.HELLO_HEADER - 1) & 0xff : 0;
        if (length < MIN_HELLO || buf.getInt(1) != Wire.MAGIC || appLength == 0) {
            stats.datagramsDropped++;
            return;
        }
        buf.get(0, hello);
        int version = hello[5] & 0xff;
        long nonce = buf.getLong(6);
        String app = new String(bytes(buf, UdpWire.HELLO_HEADER, appLength), StandardCharsets.UTF_8);
        String ours = settings.applicationId();
        if (version != Wire.VERSION) {
            refuse(
                    from,
                    nonce,
                    length,
                    Wire.REFUSE_VERSION,
                    "the host speaks netloop protocol version " + Wire.VERSION + ", the client version " + version);
            return;
        }
        if (!app.equals(ours)) {
            refuse(
                    from,
                    nonce,
                    length,
                    Wire.REFUSE_WRONG_APP,
                    "the host runs application '" + ours + "', the client '" + app + "'");
            return;
        }
        Long endedUntil = ended.get(nonce);
        if (endedUntil != null && net.now() - endedUntil < 0) {
            stats.datagramsDropped++; // a late or replayed HELLO of a connection that has ended
            return;
        }
        int flags = buf.get(UdpWire.HELLO_HEADER + appLength) & 0xff; // within the padding of a full HELLO
        int agreementAt = UdpWire.HELLO_HEADER + appLength + 1 + ((flags & UdpWire.FLAG_RESUME) != 0 ? 24 : 0);
        int agreementLength = buf.get(agreementAt) & 0xff;
        if (agreementAt + 1 + agreementLength > length) {
            stats.datagramsDropped++;
            return;
        }
        if (!settings.agreement().matches(buf, agreementAt + 1, agreementLength)) {
            refuse(
                    from,
                    nonce,
                    length,
                    Wire.REFUSE_AGREEMENT,
                    settings.agreement().mismatch(buf, agreementAt + 1, agreementLength));
            return;
        }
        UdpPeer known = byNonce.get(nonce);
        if (known != null && (known.remoteAddress().equals(from) || length < known.mtu())) {
            if (length >= known.mtu()) {
                known.resendWelcome(); // our WELCOME was lost; a client repeats its HELLO at full size
            } else {
                stats.datagramsDropped++;
            }
            return;
        }
        long now = net.now();
        if (!cookies.verify(now, from, hello, 6, hello, 14)) {
            ByteBuffer challenge = ByteBuffer.allocate(UdpWire.CHALLENGE_SIZE);
            challenge.put((byte) UdpWire.CHALLENGE).putLong(nonce);
            cookies.issue(now, from, hello, 6, challenge.array(), 1 + UdpWire.NONCE);
            socket.send(challenge.clear(), from);
            return;
        }
        if (known != null) {
            // Answered already, at another address: the client's NAT gave it a new one before our
            // WELCOME arrived. Its cookie proves it receives there, so the WELCOME follows it.
            known.moveTo(from);
            return;
        }
        if ((flags & UdpWire.FLAG_RESUME) != 0
                && resume(buf, from, nonce, length, UdpWire.HELLO_HEADER + appLength + 1)) {
            return;
        }
        if (isFull()) {
            refuse(from, nonce, length, Wire.REFUSE_FULL, "the host is full (" + settings.maxPeers() + " peers)");
            return;
        }
        long id;
        do {
            id = net.random.nextLong();
        } while (id == 0 || byId.containsKey(id));
        stats.accepted++;
        UdpPeer.accept(this, from, id, nonce, Math.min(length, settings.mtu()), (flags & UdpWire.FLAG_SESSION) != 0);
    }

    /**
     * A HELLO with a cookie that checks out asks to resume the session whose id and token start at
     * {@code at}. With the right token the session moves to the HELLO's address; with a wrong one
     * the client is refused and the session is not touched.
     *
     * @return false when this host does not know the session, which the client then gets anew
     */
    private boolean resume(ByteBuffer buf, InetSocketAddress from, long nonce, int length, int at) {
        UdpPeer owner = byId.get(buf.getLong(at));
        if (owner == null || owner.session == null) {
            return false;
        }
        byte[] token = Session.token(buf, at + Wire.SESSION_ID);
        if (!owner.session.matches(token)) {
            refuse(from, nonce, length, Wire.REFUSE_SESSION, "the session token does not match");
        } else if (owner.state() != PeerState.CONNECTED && owner.state() != PeerState.RECONNECTING) {
            refuse(from, nonce, length, Wire.REFUSE_SESSION, "the session is being closed");
        } else if (length < owner.mtu()) {
            refuse(
                    from,
                    nonce,
                    length,
                    Wire.REFUSE_SESSION,
                    "the new path does not carry the session's " + owner.mtu() + "-byte datagrams");
        } else {
            byNonce.remove(owner.nonce);
            ended.put(owner.nonce, net.now() + Cookie.LIFETIME_NANOS); // its HELLOs make nothing any more
            owner.resumeFrom(from, nonce);
            byNonce.put(nonce, owner);
        }
        return true;
    }

    void register(UdpPeer peer) {
        byId.put(peer.id, peer);
        byNonce.put(peer.nonce, peer);
    }

    private void refuse(InetSocketAddress to, long nonce, int requestLength, int code, String text) {
        stats.refused++;
        byte[] reason = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(reason.length, Math.min(255, requestLength - 11));
        ByteBuffer refusal = ByteBuffer.allocate(11 + n);
        refusal.put((byte) UdpWire.REFUSE)
                .putLong(nonce)
                .put((byte) code)
                .put((byte) n)
                .put(reason, 0, n);
        socket.send(refusal.flip(), to);
    }

    /** A peer of this host is gone; the socket closes with the last one once the host is closed. */
    void forget(UdpPeer peer) {
        byId.remove(peer.id);
        byNonce.remove(peer.nonce);
        ended.put(peer.nonce, net.now() + Cookie.LIFETIME_NANOS);
        if (!isOpen() && byId.isEmpty()) {
            socket.close();
        }
    }

    @Override
    void release() {
        if (byId.isEmpty()) {
            socket.close();
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    private static byte[] bytes(ByteBuffer buf, int at, int length) {
        byte[] out = new byte[length];
        buf.get(at, out);
        return out;
    }
}
