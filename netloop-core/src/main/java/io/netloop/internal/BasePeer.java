package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Peer;
import io.netloop.PeerState;
import io.netloop.PeerStats;
import io.netloop.SendResult;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What every connection has, whatever transport carries it: identity, state, counters, the
 * checks on a send, and the one way it ends ({@link #terminate}), which keeps the promise that
 * every CONNECTED is followed by exactly one DISCONNECTED.
 */
abstract class BasePeer implements Peer {
    final RealNet net;
    final Settings settings;
    final BaseHost host;
    final PeerCounters counters = new PeerCounters();
    private final Listener listener;
    /** The object events and listeners see: this, or the {@link LanPeer} a game holds. */
    private Peer face = this;

    private final String uri;
    InetSocketAddress remote;

    PeerState state = PeerState.CONNECTING;
    /** The handshake passed (or the transport has none). */
    boolean established;
    /** The game was told CONNECTED, so it must be told DISCONNECTED. */
    boolean announced;
    /** On the net's list of peers with bytes to write. */
    boolean dirty;

    DisconnectReason closingReason;
    /** {@link #closeNow()} was called: nothing more is delivered, even from data already read. */
    boolean abandoned;

    String closeText = "";
    /** What this side tells the other in its CLOSE: one of {@code Wire.CLOSE_*}. */
    int closeCode;

    /** What lets this connection outlive its link; null when it cannot. */
    Session session;

    private Object attachment;

    BasePeer(RealNet net, BaseHost host, Listener listener, Settings settings, String uri, InetSocketAddress remote) {
        this.net = net;
        this.host = host;
        this.listener = listener;
        this.settings = settings;
        this.uri = uri;
        this.remote = remote;
    }

    // ---- what each transport provides ----

    /** Queues one message given either as an array range or as a buffer's remaining bytes. */
    abstract SendResult enqueue(
            int channel, Delivery delivery, int length, byte[] array, int offset, ByteBuffer buffer);

    /** Starts a graceful close of an established connection: deliver what is queued, then CLOSE. */
    abstract void beginClose();

    /** Whether a connection that is not established yet has nothing queued worth waiting for. */
    abstract boolean hasNothingToDeliver();

    /** Closes for {@link io.netloop.Net#close()}: one last write attempt, then gone. */
    abstract void closeForShutdown();

    abstract void onTimer(long now);

    /** When {@link #onTimer} next has work to do, on the net's clock. */
    abstract long nextTimer();

    /**
     * Writes what is queued.
     *
     * @return true when nothing is left to write (the peer may leave the dirty list)
     */
    abstract boolean flush();

    /** Whether {@link #flush()} may write now (a TCP socket may still be connecting). */
    abstract boolean canWrite();

    abstract long queuedBytes();

    /** Releases the transport's resources; called once, by {@link #terminate}. */
    abstract void release();

    /** Closes the current link and forgets its partial input; the session's state stays. */
    abstract void dropLink();

    /** Starts a client's attempt to reach the host again and resume the session. */
    abstract void startAttempt();

    // ---- shared behaviour ----

    @Override
    public final SendResult send(int channel, byte[] data, Delivery delivery) {
        Objects.requireNonNull(data, "data");
        return enqueue(channel, delivery, data.length, data, 0, null);
    }

    @Override
    public final SendResult send(int channel, byte[] data, int offset, int length, Delivery delivery) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return enqueue(channel, delivery, length, data, offset, null);
    }

    @Override
    public final SendResult send(int channel, ByteBuffer data, Delivery delivery) {
        return enqueue(channel, delivery, data.remaining(), null, 0, data);
    }

    /**
     * The checks every send passes: bad arguments throw, a closing peer refuses.
     *
     * @return {@link SendResult#NOT_CONNECTED}, or null if the send may go on
     */
    final SendResult check(int channel, int length, Delivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        if (channel < 0 || channel > Wire.MAX_CHANNEL) {
            throw new IllegalArgumentException("channel " + channel + " is out of range: use 0 to " + Wire.MAX_CHANNEL);
        }
        if (length > settings.maxMessage()) {
            throw new IllegalArgumentException("message of " + length + " bytes is larger than maxMessage ("
                    + settings.maxMessage()
                    + " bytes): send less, or raise maxMessage on both sides, e.g. ?maxMessage=4MiB");
        }
        if (state == PeerState.CLOSING || state == PeerState.DISCONNECTED) {
            return SendResult.NOT_CONNECTED;
        }
        if (state == PeerState.RECONNECTING && !delivery.isReliable()) {
            counters.messagesDropped++; // no link: a lossy message would be stale by the time one is back
            return SendResult.DROPPED;
        }
        return null;
    }

    @Override
    public void close() {
        close(DisconnectReason.CLOSED, Wire.CLOSE_APPLICATION, "");
    }

    // ---- sessions that outlive their links ----

    /**
     * The link is lost. With a session the peer keeps it, tells the game RECONNECTING, and waits
     * for the client to come back (a host) or starts reconnecting (a client).
     *
     * @return false when there is no session to keep, and the caller must end the connection
     */
    final boolean suspend(String detail) {
        if (session == null || state != PeerState.CONNECTED || abandoned) {
            return false;
        }
        long now = net.now();
        state = PeerState.RECONNECTING;
        session.lost(now, settings);
        dropLink();
        if (host == null) {
            session.scheduleAttempt(now, settings, net.random);
        }
        net.scheduleTimer(nextTimer());
        net.emitReconnecting(face, listener, detail);
        return true;
    }

    /** An attempt to reach the host failed; the next one is scheduled with a longer wait. */
    final void attemptFailed(String why) {
        session.lastFailure = why;
        dropLink();
        session.scheduleAttempt(net.now(), settings, net.random);
        net.scheduleTimer(session.nextAttempt);
    }

    /** The link is back: the session resumed, or (on a client) the host began a new one. */
    final void relinked(boolean resumed, String detail) {
        if (host != null) {
            host.stats.resumed++;
        }
        state = PeerState.CONNECTED;
        net.scheduleTimer(nextTimer());
        markDirty();
        net.emitReconnected(face, listener, resumed, detail);
    }

    /**
     * The host asked to resume did not know the session and began a new one: tell the game that
     * nothing was resumed, and how much of the old session's data was dropped.
     */
    final void restartedSession(long droppedBytes) {
        relinked(
                false,
                "the host did not know the session (it restarted, or the resume window had passed): a new"
                        + " session began, and " + droppedBytes + " bytes sent in the old one were dropped");
    }

    /** The host refused us: a busy host is tried again later, any other refusal ends the peer. */
    final void refused(int code, String why) {
        if (state == PeerState.RECONNECTING && code == Wire.REFUSE_FULL) {
            attemptFailed("the host is busy: " + why); // the session may still be there
        } else {
            terminate(DisconnectReason.REFUSED, why);
        }
    }

    /** The timers of a RECONNECTING peer: the end of the resume window, and a client's next attempt. */
    final void reconnectTimer(long now) {
        if (Deadline.due(session.resumeDeadline, now)) {
            long window = settings.resumeWindowNanos() / 1_000_000;
            terminate(
                    DisconnectReason.RECONNECT_FAILED,
                    host == null
                            ? "could not reach the host again within the resume window of " + window + " ms"
                                    + (session.lastFailure.isEmpty() ? "" : "; last attempt: " + session.lastFailure)
                            : "the client did not come back within the resume window of " + window + " ms");
        } else if (host == null && Deadline.due(session.nextAttempt, now)) {
            session.nextAttempt = Deadline.NONE;
            startAttempt();
        }
    }

    /** When {@link #reconnectTimer} next has work to do. */
    final long reconnectTimerDue() {
        return Deadline.earlier(session.resumeDeadline, session.nextAttempt);
    }

    /**
     * Closes gracefully, telling the other side {@code code}: at once when there is nothing to
     * deliver, else once the handshake is done and what was queued is through.
     */
    final void close(DisconnectReason reason, int code, String text) {
        if (state == PeerState.CLOSING || state == PeerState.DISCONNECTED) {
            return;
        }
        boolean linkDown = state == PeerState.RECONNECTING;
        state = PeerState.CLOSING;
        closingReason = reason;
        closeCode = code;
        closeText = text;
        if (linkDown) {
            // No link to deliver anything on, and none is waited for any more.
            net.later(() -> terminate(reason, "closed while the link was down; " + queuedBytes() + " bytes unsent"));
        } else if (established) {
            beginClose();
        } else if (hasNothingToDeliver()) {
            net.later(() -> terminate(reason, "closed before connecting"));
        }
    }

    /** The other side closed on purpose, saying {@code code} and {@code text}. */
    final void closedByPeer(int code, String text) {
        String why =
                switch (code) {
                    case Wire.CLOSE_HOST -> "the host was closed";
                    case Wire.CLOSE_NET -> "the other side shut its network down";
                    case Wire.CLOSE_PROTOCOL -> "the other side saw a protocol error";
                    default -> "the other side closed the connection";
                };
        terminate(DisconnectReason.CLOSED_BY_PEER, text.isEmpty() ? why : why + ": " + text);
    }

    @Override
    public byte[] recv(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes is " + maxBytes + ": ask for at least 1 byte");
        }
        throw new IllegalStateException("recv() is for tcp+raw://...?read=pull connections; " + uri
                + " delivers DATA events from poll() instead");
    }

    /** Makes events and listener calls name {@code face} instead of this peer; before any is emitted. */
    final void showAs(Peer face) {
        this.face = face;
    }

    /** Tells the game the peer is connected. */
    final void announce() {
        state = PeerState.CONNECTED;
        announced = true;
        net.emitConnected(face, listener);
    }

    final void deliver(int channel, ByteBuffer payload) {
        net.emitData(face, listener, channel, payload, counters.nextSequence(channel));
    }

    final boolean acceptsData() {
        return announced && !abandoned && state != PeerState.DISCONNECTED;
    }

    final void markDirty() {
        if (!dirty && canWrite() && state != PeerState.DISCONNECTED) {
            dirty = true;
            net.markDirty(this);
        }
    }

    /** Ends the connection for good; the one place a DISCONNECTED comes from. */
    final void terminate(DisconnectReason reason, String detail) {
        if (state == PeerState.DISCONNECTED) {
            return;
        }
        state = PeerState.DISCONNECTED;
        release();
        net.onGone(this);
        if (host != null) {
            host.onGone(this);
        }
        if (announced || host == null) {
            net.emitDisconnected(face, listener, reason, detail);
        }
    }

    // ---- the public face ----

    @Override
    public final PeerState state() {
        return state;
    }

    @Override
    public final PeerStats stats() {
        return counters.snapshot(queuedBytes());
    }

    @Override
    public final InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public final String uri() {
        return uri;
    }

    @Override
    public final Host host() {
        return host;
    }

    @SuppressWarnings("unchecked")
    @Override
    public final <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public final void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public String toString() {
        return "Peer[" + uri + " " + state + "]";
    }

    static String describe(Exception e) {
        String msg = e.getMessage();
        return msg == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + msg;
    }

    static String hostString(InetSocketAddress a) {
        String h = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return h.contains(":") ? "[" + h + "]" : h;
    }
}
