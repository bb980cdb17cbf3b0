package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Listener;
import io.netloop.PeerState;
import io.netloop.SendResult;
import io.netloop.Simulation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One UDP connection: the handshake on the client side, the packet loop, keep-alive, timeouts and
 * closing. Sending and receiving live in {@link UdpSender} and {@link UdpReceiver}.
 */
final class UdpPeer extends BasePeer implements UdpSocket.Owner {
    private static final long FIRST_HELLO_RETRY = 250_000_000L;
    private static final long LAST_HELLO_RETRY = 1_000_000_000L;

    private UdpSocket socket;
    private final UdpHost udpHost;
    long nonce;
    UdpSender sender;
    UdpReceiver receiver;
    long id;
    private int mtu;
    private byte[] cookie;
    private byte[] welcome;
    private long nextHello;
    private long helloRetry = FIRST_HELLO_RETRY;
    private long deadline;
    private long lastReceived;
    private long lastPing;
    /** What a client's link simulates; kept for the sockets of later reconnects. */
    private Simulation simulation;

    private UdpPeer(
            RealNet net,
            UdpHost host,
            Listener listener,
            Settings settings,
            String uri,
            InetSocketAddress remote,
            UdpSocket socket,
            long nonce,
            int mtu) {
        super(net, host, listener, settings, uri, remote);
        this.udpHost = host;
        this.socket = socket;
        this.nonce = nonce;
        this.mtu = mtu;
        this.sender = new UdpSender(this, mtu);
        this.receiver = new UdpReceiver(this);
        this.lastReceived = net.now();
        this.lastPing = lastReceived;
        this.simulation = settings.simulation();
        this.deadline = lastReceived + settings.connectTimeoutNanos();
        net.scheduleTimer(deadline);
    }

    @Override
    public void simulate(Simulation simulation) {
        Objects.requireNonNull(simulation, "simulation");
        if (udpHost != null) {
            throw new UnsupportedOperationException("Cannot change the simulation of " + uri()
                    + ": a host's peers share its socket; set sim.* on the listen URI, or simulate on the client");
        }
        this.simulation = simulation;
        if (socket != null) {
            socket.simulate(simulation);
        }
    }

    /** Starts the handshake; failures surface as a DISCONNECTED event, never a throw. */
    static UdpPeer connect(RealNet net, NetUri uri, Settings settings, Listener listener) {
        checkFragments(uri, settings);
        InetSocketAddress remote = new InetSocketAddress(uri.host, uri.port);
        UdpSocket socket = null;
        String failure = null;
        if (remote.isUnresolved()) {
            failure = "cannot resolve host '" + uri.host + "'";
        } else {
            try {
                socket = UdpSocket.connect(net, remote, settings.simulation());
            } catch (IOException | RuntimeException e) {
                failure = describe(e);
            }
        }
        UdpPeer peer = new UdpPeer(
                net, null, listener, settings, uri.text, remote, socket, net.random.nextLong(), settings.mtu());
        if (failure != null) {
            String why = failure;
            net.later(() -> peer.terminate(DisconnectReason.CONNECT_FAILED, why));
        } else {
            socket.owner(peer);
            peer.sendHello();
        }
        return peer;
    }

    /** A connection the host accepted after its cookie checked out; it is live at once. */
    static UdpPeer accept(UdpHost host, InetSocketAddress remote, long id, long nonce, int mtu, boolean wantsSession) {
        String uri = "udp://" + hostString(remote) + ":" + remote.getPort();
        UdpPeer peer = new UdpPeer(host.net, host, host.listener, host.settings, uri, remote, host.socket, nonce, mtu);
        peer.id = id;
        if (wantsSession && host.settings.reconnect()) {
            peer.session = Session.issue(id);
        }
        peer.welcome = peer.welcome(false);
        host.net.adopt(peer);
        host.onPending();
        host.register(peer); // before CONNECTED: a listener may close the host right away
        peer.resendWelcome();
        peer.establish();
        return peer;
    }

    static void checkFragments(NetUri uri, Settings settings) {
        long most = 65_535L * UdpWire.maxFragmentPayload(settings.mtu());
        if (settings.maxMessage() > most) {
            throw new IllegalArgumentException("Bad URI '" + uri + "': maxMessage " + settings.maxMessage()
                    + " needs more than 65535 fragments at mtu " + settings.mtu() + "; lower maxMessage to at most "
                    + most + " or raise mtu");
        }
    }

    /** The host's WELCOME for this connection, padded to the agreed mtu. */
    private byte[] welcome(boolean resumed) {
        ByteBuffer w = ByteBuffer.allocate(mtu);
        w.put((byte) UdpWire.WELCOME).putLong(nonce).putLong(id).putShort((short) mtu);
        if (session == null) {
            w.put((byte) 0);
        } else {
            w.put((byte) (UdpWire.FLAG_SESSION | (resumed ? UdpWire.FLAG_RESUME : 0)))
                    .put(session.token);
        }
        return w.array();
    }

    /**
     * The client presented this session's token in a HELLO from {@code from} with a new nonce: the
     * session continues there, and what was in flight is sent again.
     */
    void resumeFrom(InetSocketAddress from, long newNonce) {
        if (state == PeerState.CONNECTED) {
            suspend("the client came back from a new socket");
        }
        remote = from;
        nonce = newNonce;
        welcome = welcome(true);
        resendWelcome();
        relink("the client came back from " + hostString(from) + ":" + from.getPort());
    }

    /** The link works again with the session intact. */
    private void relink(String detail) {
        lastReceived = net.now();
        lastPing = lastReceived;
        sender.onResume();
        relinked(true, detail);
    }

    int mtu() {
        return mtu;
    }

    /** The client's address changed during its handshake: answer it there. */
    void moveTo(InetSocketAddress from) {
        remote = from;
        resendWelcome();
    }

    void resendWelcome() {
        socket.send(ByteBuffer.wrap(welcome), remote);
    }

    private void sendHello() {
        ByteBuffer b = net.packetBuffer;
        b.clear();
        byte[] app = settings.applicationId().getBytes(StandardCharsets.UTF_8);
        b.put((byte) UdpWire.HELLO).putInt(Wire.MAGIC).put((byte) Wire.VERSION).putLong(nonce);
        b.put(cookie != null ? cookie : new byte[UdpWire.COOKIE]);
        b.put((byte) app.length).put(app);
        boolean resuming = state == PeerState.RECONNECTING;
        int flags = settings.reconnect() ? UdpWire.FLAG_SESSION | (resuming ? UdpWire.FLAG_RESUME : 0) : 0;
        b.put((byte) flags);
        if (resuming) {
            b.putLong(session.id).put(session.token);
        }
        b.put((byte) settings.agreement().value().length)
                .put(settings.agreement().value());
        while (b.position() < mtu) {
            b.put((byte) 0); // a full-size first datagram proves the path carries the mtu
        }
        b.flip();
        socket.send(b, remote);
        counters.packetsSent++;
        nextHello = net.now() + helloRetry;
        helloRetry = Math.min(helloRetry * 2, LAST_HELLO_RETRY);
        net.scheduleTimer(nextHello);
    }

    // ---- datagrams ----

    @Override
    public void onDatagram(ByteBuffer buf, InetSocketAddress from) {
        int type = buf.remaining() > 0 ? buf.get(0) & 0xff : -1;
        if (type == UdpWire.PACKET) {
            onPacket(buf, from);
            return;
        }
        boolean awaitingWelcome = !established || state == PeerState.RECONNECTING;
        if (!awaitingWelcome || buf.remaining() < 1 + UdpWire.NONCE || buf.getLong(1) != nonce) {
            counters.datagramsDropped++;
            return;
        }
        if (type == UdpWire.CHALLENGE && buf.remaining() == UdpWire.CHALLENGE_SIZE) {
            cookie = new byte[UdpWire.COOKIE];
            buf.get(1 + UdpWire.NONCE, cookie);
            helloRetry = FIRST_HELLO_RETRY;
            sendHello();
        } else if (type == UdpWire.WELCOME && buf.remaining() >= UdpWire.WELCOME_SIZE) {
            int agreed = buf.getShort(1 + UdpWire.NONCE + 8) & 0xffff;
            if (agreed < 508 || agreed > mtu) {
                counters.datagramsDropped++; // not an answer to our HELLO, which was mtu bytes long
                return;
            }
            onWelcome(buf, agreed);
        } else if (type == UdpWire.REFUSE && buf.remaining() >= 11 && buf.remaining() >= 11 + (buf.get(10) & 0xff)) {
            byte[] text = new byte[buf.get(10) & 0xff];
            buf.get(11, text);
            refused(buf.get(9), new String(text, StandardCharsets.UTF_8));
        } else {
            counters.datagramsDropped++;
        }
    }

    private void onWelcome(ByteBuffer buf, int agreed) {
        long welcomeId = buf.getLong(1 + UdpWire.NONCE);
        int flags = buf.get(UdpWire.WELCOME_SIZE) & 0xff;
        Session granted = null;
        if ((flags & UdpWire.FLAG_SESSION) != 0 && settings.reconnect()) {
            granted = new Session(welcomeId, Session.token(buf, UdpWire.WELCOME_SIZE + 1));
        }
        lastReceived = net.now();
        if (state != PeerState.RECONNECTING) {
            id = welcomeId;
            session = granted;
            mtu = agreed;
            sender.recut(agreed);
            establish();
        } else if ((flags & UdpWire.FLAG_RESUME) != 0 && welcomeId == id) {
            relink("resumed the session with " + uri());
        } else {
            // We asked to resume, and the host answers as to a newcomer: it does not know our session.
            long dropped = sender.queuedBytes();
            id = welcomeId;
            session = granted;
            mtu = agreed;
            sender = new UdpSender(this, agreed);
            receiver = new UdpReceiver(this);
            lastPing = lastReceived;
            restartedSession(dropped);
        }
    }

    @Override
    public void onUnreachable() {
        if (state == PeerState.RECONNECTING) {
            attemptFailed("nothing listens on " + uri() + " (ICMP port unreachable)");
        } else if (established) {
            if (!suspend("the host's port is closed (ICMP port unreachable)")) {
                terminate(DisconnectReason.CONNECTION_LOST, "the host's port is closed (ICMP port unreachable)");
            }
        } else {
            terminate(DisconnectReason.CONNECT_FAILED, "nothing listens on " + uri() + " (ICMP port unreachable)");
        }
    }

    /** A connected packet whose connection id led here. */
    void onPacket(ByteBuffer buf, InetSocketAddress from) {
        int length = buf.remaining();
        boolean clientReconnecting = state == PeerState.RECONNECTING && udpHost == null;
        if (!established || clientReconnecting || length < UdpWire.PACKET_HEADER || buf.getLong(1) != id) {
            counters.datagramsDropped++;
            return;
        }
        int number = buf.getInt(9);
        if (!receiver.accept(number)) {
            counters.datagramsDropped++;
            receiver.owe(); // a duplicate may mean our acknowledgement was lost
            return;
        }
        counters.packetsReceived++;
        counters.bytesReceived += length;
        lastReceived = net.now();
        if (udpHost != null && !from.equals(remote)) {
            remote = from; // the client's NAT gave it a new address; its connection id vouches for it
        }
        if (state == PeerState.RECONNECTING) {
            relink("the client was heard again"); // it never noticed that this side had lost it
        }
        if (readFrames(buf, UdpWire.PACKET_HEADER, buf.limit())) {
            receiver.owe();
        }
        if (state == PeerState.CLOSING && sender.closeAcked) {
            terminate(closingReason, closeText);
        }
    }

    /**
     * Reads the frames of a packet.
     *
     * @return whether the packet asks to be acknowledged
     */
    private boolean readFrames(ByteBuffer buf, int at, int end) {
        boolean eliciting = false;
        while (at < end && state != PeerState.DISCONNECTED) {
            int kind = buf.get(at) & 0xff;
            int left = end - at;
            if (kind == UdpWire.FRAME_ACK && left >= 6 && left >= 6 + (buf.get(at + 5) & 0xff)) {
                int bytes = buf.get(at + 5) & 0xff;
                sender.onAck(buf.getInt(at + 1), buf, at + 6, bytes, net.now());
                at += 6 + bytes;
            } else if (kind == UdpWire.FRAME_PING) {
                eliciting = true;
                at++;
            } else if (kind == UdpWire.FRAME_CLOSE && left >= 3 && left >= 3 + (buf.get(at + 2) & 0xff)) {
                byte[] text = new byte[buf.get(at + 2) & 0xff];
                buf.get(at + 3, text);
                if (!onCloseFrame(buf.get(at + 1) & 0xff, new String(text, StandardCharsets.UTF_8))) {
                    receiver.forget(buf.getInt(9)); // deferred: it must come again, and count then
                }
                return false;
            } else if ((kind & 0xf8) == UdpWire.FRAME_MESSAGE) {
                at = readMessage(buf, at, end, kind);
                if (at < 0) {
                    return false;
                }
                eliciting = true;
            } else {
                protocolError("malformed frame 0x" + Integer.toHexString(kind) + " with " + left + " bytes left");
                return false;
            }
        }
        return eliciting;
    }

    /** Reads one MESSAGE frame; returns where the next frame starts, or -1 after a protocol error. */
    private int readMessage(ByteBuffer buf, int at, int end, int kind) {
        boolean fragment = (kind & UdpWire.FRAGMENT_FLAG) != 0;
        int header = UdpWire.MESSAGE_HEADER + (fragment ? UdpWire.FRAGMENT_HEADER : 0);
        if (end - at < header) {
            protocolError("truncated message header");
            return -1;
        }
        int channel = buf.get(at + 1) & 0xff;
        int sequence = buf.getInt(at + 2);
        int index = fragment ? buf.getShort(at + 6) & 0xffff : 0;
        int count = fragment ? buf.getShort(at + 8) & 0xffff : 1;
        int total = fragment ? buf.getInt(at + 10) : 0;
        int length = buf.getShort(at + header - 2) & 0xffff;
        if (fragment && count < 2) {
            protocolError("a fragment of a message in " + count + " fragments");
            return -1;
        }
        if (end - at - header < length) {
            protocolError("message of " + length + " bytes overruns its packet");
            return -1;
        }
        Delivery delivery = Delivery.values()[kind & 3];
        receiver.onMessage(
                delivery, channel, sequence, index, count, fragment ? total : length, buf, at + header, length);
        return at + header + length;
    }

    /**
     * The other side's CLOSE.
     *
     * @return false when it is left unacknowledged for now (both sides are closing)
     */
    private boolean onCloseFrame(int code, String text) {
        if (state == PeerState.CLOSING && !sender.isIdle()) {
            // Both sides are closing and ours still waits for acknowledgements: leave the other's
            // CLOSE unacknowledged, so that it stays to acknowledge our data and repeats its CLOSE.
            return false;
        }
        receiver.owe();
        flush(); // acknowledge the CLOSE before going
        if (state == PeerState.CLOSING) {
            terminate(closingReason, closeText);
            return true;
        }
        closedByPeer(code, text);
        return true;
    }

    void protocolError(String detail) {
        if (established) {
            closeCode = Wire.CLOSE_PROTOCOL;
            closeText = detail;
            sendCloseOnce();
        }
        terminate(DisconnectReason.PROTOCOL_ERROR, detail);
    }

    // ---- life ----

    private void establish() {
        established = true;
        lastPing = lastReceived;
        if (host != null) {
            host.onEstablished(this);
        }
        net.scheduleTimer(nextTimer());
        markDirty();
        if (state == PeerState.CLOSING) {
            beginClose();
        } else {
            announce();
        }
    }

    @Override
    void onTimer(long now) {
        if (state == PeerState.DISCONNECTED) {
            return;
        }
        if (!established) {
            if (now - deadline >= 0) {
                terminate(
                        cookie == null ? DisconnectReason.CONNECT_FAILED : DisconnectReason.TIMEOUT,
                        cookie == null
                                ? "no answer from " + uri() + " within the connect timeout (is a host listening? does"
                                        + " the path carry " + mtu + "-byte datagrams? if not, lower ?mtu)"
                                : "the handshake did not finish within the connect timeout");
            } else if (now - nextHello >= 0) {
                socket.acceptAnySource(); // no answer yet: perhaps it came from another host address
                sendHello();
            }
            return;
        }
        if (state == PeerState.RECONNECTING) {
            if (socket != null && udpHost == null) {
                if (now - deadline >= 0) {
                    attemptFailed("no answer within the connect timeout");
                } else if (now - nextHello >= 0) {
                    socket.acceptAnySource(); // as in a first handshake: another host address may answer
                    sendHello();
                }
            }
            reconnectTimer(now);
            return;
        }
        if (state == PeerState.CLOSING && now - deadline >= 0) {
            sendCloseOnce(); // so that the other side need not wait for its timeout
            terminate(closingReason, "close timed out with " + sender.queuedBytes() + " bytes unacknowledged");
            return;
        }
        if (now - lastReceived >= settings.timeoutNanos()) {
            String detail = "nothing heard for " + settings.timeoutNanos() / 1_000_000 + " ms";
            if (!suspend(detail)) {
                terminate(DisconnectReason.TIMEOUT, detail);
            }
            return;
        }
        if (now - lastPing >= settings.keepAliveNanos()) {
            lastPing = now;
            sender.pingWanted = true;
            markDirty();
        }
        sender.onTimer(now);
    }

    @Override
    long nextTimer() {
        if (!established) {
            return Deadline.earlier(deadline, nextHello);
        }
        if (state == PeerState.RECONNECTING) {
            long attempt = socket != null && udpHost == null ? Deadline.earlier(deadline, nextHello) : Deadline.NONE;
            return Deadline.earlier(attempt, reconnectTimerDue());
        }
        long next = Deadline.earlier(lastReceived + settings.timeoutNanos(), lastPing + settings.keepAliveNanos());
        if (state == PeerState.CLOSING) {
            next = Deadline.earlier(next, deadline);
        }
        return Deadline.earlier(next, sender.nextTimer());
    }

    void scheduleTimer(long at) {
        net.scheduleTimer(at);
    }

    @Override
    boolean hasNothingToDeliver() {
        return counters.messagesSent == 0;
    }

    @Override
    void beginClose() {
        deadline = net.now() + settings.closeTimeoutNanos();
        net.scheduleTimer(deadline);
        sender.closeWanted = true;
        markDirty();
    }

    @Override
    public void closeNow() {
        if (state == PeerState.DISCONNECTED) {
            return;
        }
        abandoned = true;
        if (established) {
            closeCode = Wire.CLOSE_APPLICATION;
            closeText = "";
            sendCloseOnce();
        }
        state = PeerState.CLOSING;
        closingReason = DisconnectReason.CLOSED;
        net.later(() -> terminate(DisconnectReason.CLOSED, "closed at once"));
    }

    @Override
    void closeForShutdown() {
        if (established && state != PeerState.DISCONNECTED) {
            closeCode = Wire.CLOSE_NET;
            closeText = "";
            sendCloseOnce();
        }
        terminate(DisconnectReason.NET_CLOSED, "the network was closed");
    }

    /** One CLOSE, not retransmitted, for an ending that does not wait; none while the link is down. */
    private void sendCloseOnce() {
        if (state == PeerState.RECONNECTING || socket == null) {
            return;
        }
        ByteBuffer packet = startPacket(sender.nextNumberForClose());
        writeClose(packet);
        packet.flip();
        sendPacket(packet);
    }

    void writeClose(ByteBuffer packet) {
        byte[] text = closeText.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, Math.min(255, packet.remaining() - 3));
        packet.put((byte) UdpWire.FRAME_CLOSE)
                .put((byte) closeCode)
                .put((byte) n)
                .put(text, 0, n);
    }

    @Override
    void dropLink() {
        if (udpHost == null && socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    void startAttempt() {
        try {
            socket = UdpSocket.connect(net, remote, simulation);
        } catch (IOException | RuntimeException e) {
            attemptFailed(describe(e));
            return;
        }
        socket.owner(this);
        nonce = net.random.nextLong();
        cookie = null;
        helloRetry = FIRST_HELLO_RETRY;
        deadline = net.now() + settings.connectTimeoutNanos();
        net.scheduleTimer(deadline);
        sendHello();
    }

    @Override
    void release() {
        if (udpHost != null) {
            udpHost.forget(this);
        } else if (socket != null) {
            socket.close();
        }
    }

    // ---- sending ----

    @Override
    SendResult enqueue(int channel, Delivery delivery, int length, byte[] array, int offset, ByteBuffer buffer) {
        SendResult refused = check(channel, length, delivery);
        return refused != null ? refused : sender.enqueue(channel, delivery, length, array, offset, buffer);
    }

    @Override
    boolean flush() {
        if (state == PeerState.DISCONNECTED || !canWrite()) {
            return true; // the link is down (or not up yet); relinking marks the peer dirty again
        }
        // A busy peer is flushed every poll: judging losses here reacts faster than the coarse timers.
        sender.onTimer(net.now());
        return sender.flush(receiver, net.now());
    }

    @Override
    boolean canWrite() {
        return established && state != PeerState.RECONNECTING;
    }

    @Override
    long queuedBytes() {
        return sender.queuedBytes();
    }

    /** The shared packet buffer, cleared, limited to the mtu, with this connection's header written. */
    ByteBuffer startPacket(int number) {
        ByteBuffer b = net.packetBuffer;
        b.clear().limit(mtu);
        b.put((byte) UdpWire.PACKET).putLong(id).putInt(number);
        return b;
    }

    void sendPacket(ByteBuffer packet) {
        socket.send(packet, remote);
    }
}
