package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Listener;
import io.netloop.PeerState;
import io.netloop.SendResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One TCP connection, framed ({@code tcp://}) or raw ({@code tcp+raw://}): its state, its
 * outbound queue and its timers. Reading and frame parsing live in {@link TcpReader}.
 */
final class TcpPeer extends BasePeer implements Selectable {
    final boolean raw;
    SocketChannel channel;
    private SelectionKey key;
    final OutboundQueue out;
    final TcpReader reader;

    private boolean socketConnected;
    private boolean closeQueued;
    private boolean outputShut;
    /** The other side finished first; this is how the connection ends once our output is done. */
    private DisconnectReason finishedReason;

    private String finishedDetail;

    private long deadline;
    long lastReceived;
    private long lastPing;

    /** The current link finished its handshake: frames flow on it. */
    boolean linkReady;
    /** The session's data offset received: bytes of DATA and CLOSE frames read. */
    long received;
    /** The offset our last ACK (or resume handshake) told the other side. */
    private long ackSent;
    /** When an ACK is due although nothing else is sent, or {@link Deadline#NONE}. */
    private long ackDue = Deadline.NONE;
    /** A PING went out to ask for an ACK, because half of what may be kept waits for one. */
    private boolean ackAsked;

    /** Received bytes that make an ACK go out at once rather than after {@link #ACK_DELAY}. */
    private static final int ACK_EVERY = 16 * 1024;

    /**
     * How long an ACK of less than {@link #ACK_EVERY} may wait for something to ride along with:
     * long enough that a client which only listens (to a 20 Hz broadcast, say) sends a few ACKs a
     * second rather than one per message, short enough that what the host keeps for it stays small.
     * A sender short of room asks for an ACK at once with a PING.
     */
    private static final long ACK_DELAY = 200_000_000L;

    private TcpPeer(
            RealNet net,
            TcpHost host,
            Listener listener,
            Settings settings,
            boolean raw,
            String uri,
            InetSocketAddress remote) {
        super(net, host, listener, settings, uri, remote);
        this.raw = raw;
        this.out = new OutboundQueue(
                net.smallChunks, net.largeChunks, settings.sendQueueLimit(), StreamDelay.of(net, settings, 1));
        this.reader = new TcpReader(this);
        this.lastReceived = net.now();
        this.lastPing = lastReceived;
        this.deadline = lastReceived + settings.connectTimeoutNanos();
        net.scheduleTimer(deadline);
    }

    /** Starts an outgoing connection; failures surface as a DISCONNECTED event, never a throw. */
    static TcpPeer connect(RealNet net, NetUri uri, Settings settings, Listener listener) {
        InetSocketAddress remote = new InetSocketAddress(uri.host, uri.port);
        TcpPeer peer =
                new TcpPeer(net, null, listener, settings, uri.scheme == NetUri.Scheme.TCP_RAW, uri.text, remote);
        if (!peer.raw) {
            peer.out.retain(settings.reconnect()); // what is sent before the WELCOME belongs to the session
            byte[] hello = Wire.hello(settings.applicationId(), settings.reconnect(), settings.agreement());
            peer.out.appendLink(hello, 0, hello.length);
        }
        if (remote.isUnresolved()) {
            net.later(() -> peer.terminate(DisconnectReason.CONNECT_FAILED, "cannot resolve host '" + uri.host + "'"));
            return peer;
        }
        try {
            peer.openSocket();
        } catch (IOException | RuntimeException e) {
            net.later(() -> peer.terminate(DisconnectReason.CONNECT_FAILED, describe(e)));
        }
        return peer;
    }

    private void openSocket() throws IOException {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean done = channel.connect(remote);
        key = net.register(channel, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
        if (done) {
            onSocketConnected();
        }
    }

    /** Adopts a socket that a host accepted; it becomes a peer the game sees once the handshake passes. */
    static TcpPeer accept(RealNet net, TcpHost host, SocketChannel channel, InetSocketAddress remote)
            throws IOException {
        String uri = host.uri.scheme.text + "://" + hostString(remote) + ":" + remote.getPort();
        TcpPeer peer = new TcpPeer(
                net, host, host.listener, host.settings, host.uri.scheme == NetUri.Scheme.TCP_RAW, uri, remote);
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        peer.channel = channel;
        peer.socketConnected = true;
        peer.key = net.register(channel, SelectionKey.OP_READ, peer);
        host.onPending();
        net.adopt(peer);
        if (peer.raw) {
            if (host.isFull()) {
                host.stats.refused++; // a raw stream has no handshake to say so in
                peer.terminate(DisconnectReason.REFUSED, "the host is full");
            } else {
                peer.establish();
            }
        }
        return peer;
    }

    // ---- events from the selector ----

    @Override
    public void onSelected(SelectionKey key) {
        int ops = key.readyOps();
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            onConnectable();
        }
        if ((ops & SelectionKey.OP_READ) != 0 && key.isValid()) {
            reader.onReadable();
        }
    }

    private void onConnectable() {
        try {
            if (channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                onSocketConnected();
            }
        } catch (IOException e) {
            if (state == PeerState.RECONNECTING) {
                attemptFailed(describe(e));
            } else {
                terminate(DisconnectReason.CONNECT_FAILED, describe(e));
            }
        }
    }

    private void onSocketConnected() {
        socketConnected = true;
        if (raw) {
            establish();
        } else if (state == PeerState.RECONNECTING) {
            writeHandshake(Wire.resume(settings.applicationId(), session, received, settings.agreement()));
            ackSent = received;
        }
        markDirty();
    }

    /**
     * Writes a handshake message straight to a new link, ahead of the queue that waits for it. A
     * fresh socket's buffer takes a few hundred bytes at once; if it does not, the link is no good.
     */
    private void writeHandshake(byte[] message) {
        try {
            if (channel.write(ByteBuffer.wrap(message)) == message.length) {
                counters.bytesSent += message.length;
                return;
            }
            lost(DisconnectReason.CONNECTION_LOST, "a new connection did not take the handshake");
        } catch (IOException e) {
            failed(e);
        }
    }

    /** The handshake passed (or there is none): the peer is live. */
    void establish() {
        established = true;
        linkReady = true;
        lastReceived = net.now();
        lastPing = lastReceived;
        net.scheduleTimer(nextTimer());
        if (host != null) {
            host.onEstablished(this);
        }
        if (state == PeerState.CLOSING) {
            beginClose();
            return;
        }
        announce();
    }

    /** The host refuses this connection in the handshake; it is closed once the refusal is written. */
    void refuse(int code, String text) {
        byte[] refusal = Wire.refuse(code, text);
        out.appendLink(refusal, 0, refusal.length);
        host.stats.refused++;
        state = PeerState.CLOSING;
        closingReason = DisconnectReason.REFUSED;
        closeQueued = true;
        deadline = net.now() + settings.closeTimeoutNanos();
        net.scheduleTimer(deadline);
        markDirty();
    }

    boolean isRefusing() {
        return closingReason == DisconnectReason.REFUSED;
    }

    /**
     * A handshake message arrived: a HELLO or RESUME on a host, a WELCOME or RESUMED on a client.
     * What follows the application id starts at {@code rest} in {@code buf}.
     */
    void onGreeting(int type, int version, String applicationId, ByteBuffer buf, int rest) {
        String ours = settings.applicationId();
        if (host == null) {
            if (version != Wire.VERSION || !applicationId.equals(ours)) {
                protocolError("the host answered with protocol version " + version + " and application '"
                        + applicationId + "', expected version " + Wire.VERSION + " and '" + ours + "'");
            } else if (type == Wire.RESUMED) {
                onResumed(buf.getLong(rest));
            } else {
                onWelcome(buf, rest);
            }
        } else if (version != Wire.VERSION) {
            refuse(
                    Wire.REFUSE_VERSION,
                    "the host speaks netloop protocol version " + Wire.VERSION + ", the client version " + version);
        } else if (!applicationId.equals(ours)) {
            refuse(
                    Wire.REFUSE_WRONG_APP,
                    "the host runs application '" + ours + "', the client '" + applicationId + "'");
        } else if (!agreed(type, buf, rest)) {
            return;
        } else if (type == Wire.RESUME) {
            ((TcpHost) host)
                    .resume(
                            this,
                            buf.getLong(rest),
                            Session.token(buf, rest + Wire.SESSION_ID),
                            buf.getLong(rest + Wire.SESSION_ID + Wire.TOKEN));
        } else {
            welcome((buf.get(rest) & Wire.FLAG_SESSION) != 0);
        }
    }

    /** Whether the client's agreement matches the host's; if not, the client is refused. */
    private boolean agreed(int type, ByteBuffer buf, int rest) {
        int at = rest + (type == Wire.HELLO ? 1 : Wire.SESSION_ID + Wire.TOKEN + 8);
        int length = buf.get(at) & 0xff;
        if (settings.agreement().matches(buf, at + 1, length)) {
            return true;
        }
        refuse(Wire.REFUSE_AGREEMENT, settings.agreement().mismatch(buf, at + 1, length));
        return false;
    }

    /** The host accepts this client, with a new session if it asked for one and the host offers them. */
    void welcome(boolean wantsSession) {
        if (host.isFull()) {
            refuse(Wire.REFUSE_FULL, "the host is full (" + settings.maxPeers() + " peers)");
            return;
        }
        if (wantsSession && settings.reconnect()) {
            session = ((TcpHost) host).newSession(this);
            out.retain(true);
        }
        byte[] welcome = Wire.welcome(settings.applicationId(), session);
        out.appendLink(welcome, 0, welcome.length);
        markDirty();
        establish();
    }

    private void onWelcome(ByteBuffer buf, int rest) {
        Session granted = null;
        if ((buf.get(rest) & Wire.FLAG_SESSION) != 0 && settings.reconnect()) {
            granted = new Session(buf.getLong(rest + 1), Session.token(buf, rest + 1 + Wire.SESSION_ID));
        }
        if (state != PeerState.RECONNECTING) {
            session = granted;
            out.retain(granted != null);
            establish();
            return;
        }
        // We asked to resume, and the host answers as to a newcomer: it does not know our session.
        long dropped = out.unacknowledged();
        out.clear();
        out.retain(granted != null);
        session = granted;
        received = 0;
        ackSent = 0;
        linkUp();
        restartedSession(dropped);
    }

    private void onResumed(long theirReceived) {
        if (state != PeerState.RECONNECTING || !out.rewind(theirReceived)) {
            protocolError("the host resumed at data offset " + theirReceived + ", which this side never sent");
            return;
        }
        linkUp();
        relinked(true, "resumed the session with " + uri());
    }

    /** A resumed link is ready for frames; the other side knows what we received. */
    private void linkUp() {
        linkReady = true;
        lastReceived = net.now();
        lastPing = lastReceived;
        ackSent = received;
    }

    /**
     * A client presented this session's token on a new connection, {@code fresh}: the session moves
     * to it, and both sides resend what the other did not receive.
     */
    void takeOver(TcpPeer fresh, long theirReceived) {
        if (!out.canRewind(theirReceived)) {
            fresh.protocolError("resume at data offset " + theirReceived + ", which this side never sent");
            return;
        }
        if (state == PeerState.CONNECTED) {
            suspend("the client came back on a new connection; the old one is dropped");
        }
        channel = fresh.channel;
        key = fresh.key;
        key.attach(this);
        remote = fresh.remote;
        fresh.channel = null;
        fresh.key = null;
        fresh.terminate(DisconnectReason.CLOSED, "handed over to its session"); // never announced: no event
        socketConnected = true;
        out.rewind(theirReceived);
        writeHandshake(Wire.resumed(settings.applicationId(), received));
        if (state == PeerState.RECONNECTING && channel != null) {
            linkUp();
            relinked(true, "the client came back from " + hostString(remote) + ":" + remote.getPort());
        }
    }

    /** An ACK: the other side has the session's data up to {@code offset}. */
    void onAck(long offset) {
        ackAsked = false;
        if (session == null || !out.acknowledge(offset)) {
            protocolError("acknowledgement of data offset " + offset + ", which is not between the last one and"
                    + " what was sent");
        }
    }

    /** After a read: acknowledge at once if much arrived, else soon, unless a reply takes it along. */
    void afterRead() {
        if (session == null || received == ackSent || !linkReady || state != PeerState.CONNECTED) {
            return;
        }
        if (received - ackSent >= Math.min(ACK_EVERY, settings.sendQueueLimit() / 4)) {
            queueAck();
        } else if (ackDue == Deadline.NONE) {
            ackDue = net.now() + ACK_DELAY;
            net.scheduleTimer(ackDue);
        }
    }

    private void queueAck() {
        ackSent = received;
        ackDue = Deadline.NONE;
        appendLinkFrame(Wire.KIND_ACK, received);
    }

    void onPing(long sentAt) {
        if (closeQueued || out.queuedBytes() + Wire.LONG_FRAME > settings.sendQueueLimit() / 2) {
            return; // our side is finished, or backed up: a pong is lossy, and the next ping gets one
        }
        appendLinkFrame(Wire.KIND_PONG, sentAt);
    }

    /** Appends a PING, PONG or ACK, which belong to this link and are never resent. */
    private void appendLinkFrame(int kind, long value) {
        Wire.longFrame(net.scratch, kind, value);
        out.appendLink(net.scratch, 0, Wire.LONG_FRAME);
        markDirty();
    }

    @Override
    void onTimer(long now) {
        if (state == PeerState.DISCONNECTED) {
            return;
        }
        if (state == PeerState.RECONNECTING) {
            reader.releaseDelayed(); // the answer to a resume may wait out simulated latency
            if (state == PeerState.RECONNECTING && channel != null && Deadline.due(deadline, now)) {
                attemptFailed(
                        socketConnected
                                ? "the host did not answer within the connect timeout"
                                : "no connection within the connect timeout");
            }
            if (state == PeerState.RECONNECTING) {
                reconnectTimer(now);
            }
            return;
        }
        reader.releaseDelayed();
        if (finishedReason != null && state != PeerState.CLOSING && now - deadline >= 0) {
            terminate(finishedReason, finishedDetail + "; " + out.queuedBytes() + " bytes were left unsent");
            return;
        }
        if (now - deadline >= 0 && (!established || state == PeerState.CLOSING)) {
            if (state == PeerState.CLOSING && (established || closeQueued)) {
                terminate(closingReason, "close timed out with " + out.queuedBytes() + " bytes unsent");
            } else if (!socketConnected) {
                terminate(DisconnectReason.CONNECT_FAILED, "no answer from " + uri() + " within the connect timeout");
            } else {
                if (host != null) {
                    host.stats.handshakeTimeouts++;
                }
                terminate(DisconnectReason.TIMEOUT, "the handshake did not finish within the connect timeout");
            }
            return;
        }
        if (state != PeerState.CONNECTED) {
            return;
        }
        if (Deadline.due(ackDue, now)) {
            queueAck();
        }
        long timeout = settings.timeoutNanos();
        if (timeout > 0 && now - lastReceived >= timeout) {
            lost(DisconnectReason.TIMEOUT, "nothing heard for " + timeout / 1_000_000 + " ms");
        } else if (!raw && now - lastPing >= settings.keepAliveNanos()) {
            ping(now);
        }
    }

    private void ping(long now) {
        lastPing = now;
        appendLinkFrame(Wire.KIND_PING, now);
    }

    /**
     * With more than {@code sendQueue} kept for an acknowledgement (half of what may be kept),
     * asks for one with a PING: the other side's answer takes an ACK along, whatever its own ACK
     * schedule.
     */
    private void askForAck() {
        if (session != null && !ackAsked && linkReady && out.unacknowledged() > settings.sendQueueLimit()) {
            ackAsked = true;
            ping(net.now());
        }
    }

    @Override
    long nextTimer() {
        if (state == PeerState.RECONNECTING) {
            long attempt = channel != null ? Deadline.earlier(deadline, reader.nextDue()) : Deadline.NONE;
            return Deadline.earlier(attempt, reconnectTimerDue());
        }
        return Deadline.earlier(
                Deadline.earlier(protocolTimer(), ackDue), Deadline.earlier(reader.nextDue(), out.nextDue()));
    }

    private long protocolTimer() {
        if (!established || state == PeerState.CLOSING || finishedReason != null) {
            return deadline;
        }
        long next = Deadline.NONE;
        if (settings.timeoutNanos() > 0) {
            next = lastReceived + settings.timeoutNanos();
        }
        if (!raw) {
            next = Deadline.earlier(next, lastPing + settings.keepAliveNanos());
        }
        return next;
    }

    void onPong(long sentAt) {
        counters.rttSample(net.now() - sentAt);
    }

    void onCloseFrame(int code, String text) {
        if (state == PeerState.CLOSING) {
            finish(closingReason, closeText); // both closed at once: ours may still be on its way
            return;
        }
        closedByPeer(code, text);
    }

    void onEndOfStream() {
        if (state == PeerState.CLOSING) {
            finish(closingReason, closeText);
        } else if (raw && established) {
            // A half-close, like `nc -N` after its request: the answer still goes out.
            finish(DisconnectReason.CLOSED_BY_PEER, "the other side closed the stream");
        } else {
            lost(DisconnectReason.CONNECTION_LOST, "the other side closed the connection without a goodbye");
        }
    }

    /**
     * The link broke: a reconnection attempt failed, a closing connection ends, and a connected
     * one keeps its session if it has one.
     */
    private void lost(DisconnectReason reason, String detail) {
        if (state == PeerState.RECONNECTING) {
            if (host == null) {
                attemptFailed(detail);
            } else {
                dropLink(); // a host waits for the client's next attempt
            }
        } else if (state == PeerState.CLOSING) {
            terminate(closingReason, detail);
        } else if (!suspend(detail)) {
            terminate(reason, detail);
        }
    }

    /**
     * The other side has finished sending: read no more, and end the connection with {@code
     * reason} once what this side queued is written, or after the close timeout.
     */
    private void finish(DisconnectReason reason, String detail) {
        if (out.isEmpty() && (outputShut || !closeQueued)) {
            terminate(reason, detail);
            return;
        }
        finishedReason = reason;
        finishedDetail = detail;
        interest(SelectionKey.OP_READ, false);
        if (state != PeerState.CLOSING) {
            deadline = net.now() + settings.closeTimeoutNanos();
            net.scheduleTimer(deadline);
        }
        markDirty();
    }

    /** The other side broke the protocol: tell it why, then drop it. */
    void protocolError(String detail) {
        if (linkReady && channel != null) {
            byte[] close = Wire.closeFrame(Wire.CLOSE_PROTOCOL, detail);
            out.append(close, 0, close.length);
            writeQuietly();
        }
        countHandshakeFailure(true);
        terminate(DisconnectReason.PROTOCOL_ERROR, detail);
    }

    void failed(IOException e) {
        lost(DisconnectReason.CONNECTION_LOST, describe(e));
    }

    // ---- sending ----

    @Override
    SendResult enqueue(int channel, Delivery delivery, int length, byte[] array, int offset, ByteBuffer buffer) {
        SendResult verdict = admit(channel, length, delivery);
        if (verdict == SendResult.DROPPED
                && delivery == Delivery.SEQUENCED
                && !raw
                && state != PeerState.RECONNECTING) {
            holdNewest(channel, buffer != null ? buffer : ByteBuffer.wrap(array, offset, length));
            return SendResult.QUEUED;
        }
        if (verdict != null) {
            askForAck();
            return verdict;
        }
        counters.messagesSent += out.releaseHeld(channel); // an older held message of this channel goes first
        appendDataHeader(channel, length, delivery);
        if (buffer != null) {
            out.append(buffer);
        } else {
            out.append(array, offset, length);
        }
        counters.messagesSent++;
        markDirty();
        askForAck();
        return SendResult.QUEUED;
    }

    /**
     * Checks a send against the arguments, the state and the queue limits.
     *
     * @return null if the message may be appended now, else what to do with it
     */
    private SendResult admit(int channel, int length, Delivery delivery) {
        SendResult refused = check(channel, length, delivery);
        if (refused != null) {
            return refused;
        }
        if (delivery == Delivery.SEQUENCED && out.supersede(channel)) {
            counters.messagesDropped++;
        }
        SendResult verdict = out.admit((raw ? 0 : Wire.DATA_HEADER) + length, delivery.isReliable());
        if (verdict == SendResult.DROPPED && (delivery == Delivery.UNRELIABLE || raw)) {
            counters.messagesDropped++;
        }
        return verdict;
    }

    /** Keeps a SEQUENCED message aside while the queue is backed up; a newer one replaces it. */
    private void holdNewest(int channel, ByteBuffer data) {
        byte[] frame = new byte[Wire.DATA_HEADER + data.remaining()];
        Wire.putInt(frame, 0, data.remaining() + 2);
        frame[4] = (byte) Wire.dataKind(Delivery.SEQUENCED);
        frame[5] = (byte) channel;
        data.get(data.position(), frame, Wire.DATA_HEADER, data.remaining());
        if (out.hold(channel, frame)) {
            counters.messagesDropped++;
        }
    }

    private void appendDataHeader(int channel, int length, Delivery delivery) {
        if (raw) {
            return;
        }
        byte[] h = net.scratch;
        Wire.putInt(h, 0, length + 2);
        h[4] = (byte) Wire.dataKind(delivery);
        h[5] = (byte) channel;
        out.append(h, 0, Wire.DATA_HEADER);
    }

    @Override
    boolean canWrite() {
        return socketConnected && (linkReady || !established);
    }

    @Override
    long queuedBytes() {
        return out.unacknowledged();
    }

    /** Writes what is queued in one gathering write. */
    @Override
    boolean flush() {
        if (!canWrite()) {
            return true; // the link is down; a new one marks the peer dirty again
        }
        if (session != null && received != ackSent && linkReady && state == PeerState.CONNECTED) {
            queueAck(); // rides along with what is written now
        }
        try {
            counters.bytesSent += out.writeTo(channel);
            int released = out.releaseHeld(false);
            if (released > 0) {
                counters.messagesSent += released;
                counters.bytesSent += out.writeTo(channel);
            }
        } catch (IOException e) {
            failed(e);
            return true;
        }
        if (!out.isEmpty() || out.hasHeld()) {
            interest(SelectionKey.OP_WRITE, out.hasWritable());
            return false;
        }
        interest(SelectionKey.OP_WRITE, false);
        if (closeQueued && !outputShut) {
            outputShut = true;
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                terminate(closingReason, closeText);
                return true;
            }
        }
        if (finishedReason != null) {
            terminate(finishedReason, finishedDetail);
        }
        return true;
    }

    private void writeQuietly() {
        try {
            out.writeTo(channel);
        } catch (IOException | RuntimeException e) {
            // best effort on the way out; the connection is being dropped anyway
        }
    }

    void interest(int op, boolean on) {
        if (key != null && key.isValid()) {
            int ops = key.interestOps();
            int next = on ? ops | op : ops & ~op;
            if (next != ops) {
                key.interestOps(next);
            }
        }
    }

    // ---- closing ----

    @Override
    boolean hasNothingToDeliver() {
        return !socketConnected && counters.messagesSent == 0;
    }

    @Override
    void beginClose() {
        deadline = net.now() + settings.closeTimeoutNanos();
        counters.messagesSent += out.releaseHeld(true);
        if (!raw) {
            byte[] frame = Wire.closeFrame(closeCode, closeText);
            out.append(frame, 0, frame.length);
        }
        closeQueued = true;
        markDirty();
        net.scheduleTimer(deadline);
    }

    @Override
    public void closeNow() {
        if (state != PeerState.DISCONNECTED) {
            abandoned = true;
            out.clear();
            if (linkReady && channel != null && !raw && !outputShut) {
                byte[] frame = Wire.closeFrame(Wire.CLOSE_APPLICATION, "");
                out.append(frame, 0, frame.length);
                closeQueued = true;
                writeQuietly();
            }
            net.later(() -> terminate(DisconnectReason.CLOSED, "closed at once"));
            state = PeerState.CLOSING;
            closingReason = DisconnectReason.CLOSED;
        }
    }

    @Override
    void closeForShutdown() {
        if (state == PeerState.DISCONNECTED) {
            return;
        }
        if (linkReady && socketConnected && !closeQueued && !raw) {
            byte[] frame = Wire.closeFrame(Wire.CLOSE_NET, "");
            out.append(frame, 0, frame.length);
        }
        if (socketConnected && canWrite()) {
            writeQuietly();
        }
        terminate(DisconnectReason.NET_CLOSED, "the network was closed");
    }

    @Override
    void release() {
        out.clear();
        closeLink();
    }

    @Override
    void dropLink() {
        closeLink();
        channel = null;
        key = null;
        socketConnected = false;
        linkReady = false;
        ackDue = Deadline.NONE;
        ackAsked = false;
    }

    private void closeLink() {
        reader.release();
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    @Override
    void startAttempt() {
        deadline = net.now() + settings.connectTimeoutNanos();
        net.scheduleTimer(deadline);
        try {
            openSocket();
        } catch (IOException | RuntimeException e) {
            attemptFailed(describe(e));
        }
    }

    private void countHandshakeFailure(boolean protocol) {
        if (host != null && !established && protocol) {
            host.stats.protocolErrors++;
        }
    }

    // ---- the public face ----

    @Override
    public byte[] recv(int maxBytes) {
        if (maxBytes < 1 || !settings.pull()) {
            return super.recv(maxBytes); // throws with the fix
        }
        return reader.pull(maxBytes);
    }
}
