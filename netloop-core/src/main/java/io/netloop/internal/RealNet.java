package io.netloop.internal;

import io.netloop.Advertisement;
import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Discovery;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Mesh;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.PeerState;
import io.netloop.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The one implementation of {@link Net}: a selector, a clock read once per poll, the timers, the
 * peers with bytes to write, and the events for the game.
 */
public final class RealNet implements Net {
    /** Timers are checked no more often than this, so thousands of peers cost little per frame. */
    private static final long TIMER_GRANULARITY = 5_000_000L;

    private final NetConfig config;
    private final LongSupplier clock;
    private final Selector selector;
    /** Every peer's first outbound chunk: small, and enough of them for thousands of peers per frame. */
    final BufferPool smallChunks = new BufferPool(2048, 16_384);
    /** Further chunks, for peers that queue a lot. */
    final BufferPool largeChunks = new BufferPool(64 * 1024, 256);

    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    final ByteBuffer readView = readBuffer.asReadOnlyBuffer();
    /** A scratch array for frame headers; the loop is single-threaded. */
    final byte[] scratch = new byte[16];
    /** Where UDP packets are put together before they are sent. */
    final ByteBuffer packetBuffer = ByteBuffer.allocateDirect(65_536);

    final java.util.SplittableRandom random =
            new java.util.SplittableRandom(new java.security.SecureRandom().nextLong());

    private final List<UdpSocket> simulated = new ArrayList<>();

    private final List<BasePeer> peers = new ArrayList<>();
    private final List<BaseHost> hosts = new ArrayList<>();
    private final List<LanAdvertiser> advertisers = new ArrayList<>();
    private final List<LanSeeker> seekers = new ArrayList<>();
    private final List<BasePeer> dirty = new ArrayList<>();
    private final List<Runnable> later = new ArrayList<>();
    private final Map<String, Peer> byUri = new HashMap<>();
    private List<NetEvent> pending = new ArrayList<>();
    private List<NetEvent> delivered = new ArrayList<>();
    private List<NetEvent> pendingView = Collections.unmodifiableList(pending);
    private List<NetEvent> deliveredView = Collections.unmodifiableList(delivered);
    private volatile boolean woken;
    /** Inside {@link #poll}: only then may listeners be called. */
    private boolean inPoll;

    private boolean flushing;
    private boolean closing;
    private RuntimeException listenerFailure;
    /** Listener calls in this poll: like events, they end a {@code poll(Duration)}'s wait. */
    private int callbacks;

    private long now;
    private long nextTimer = Deadline.NONE;
    private boolean closed;

    /**
     * Opens the selector. Called by {@link Net#open(NetConfig)}.
     *
     * @param config the settings
     */
    public RealNet(NetConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = config.clock();
        this.now = clock.getAsLong();
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    long now() {
        return now;
    }

    @Override
    public NetConfig config() {
        return config;
    }

    // ---- the public face ----

    @Override
    public Host listen(String uri) {
        return listen(uri, null);
    }

    @Override
    public Host listen(String uri, Listener listener) {
        checkOpen();
        NetUri parsed = NetUri.parse(uri);
        parsed.requireListenable();
        Settings settings = parsed.settings(config);
        BaseHost host = parsed.scheme == NetUri.Scheme.UDP
                ? new UdpHost(this, parsed, settings, listener)
                : new TcpHost(this, parsed, settings, listener);
        hosts.add(host);
        return host;
    }

    @Override
    public Peer connect(String uri) {
        return connect(uri, null);
    }

    @Override
    public Peer connect(String uri, Listener listener) {
        checkOpen();
        if (uri != null && uri.regionMatches(true, 0, "lan://", 0, 6)) {
            return new LanPeer(this, LanUri.parse(uri), listener);
        }
        NetUri parsed = NetUri.parse(uri);
        parsed.requireConnectable();
        Settings settings = parsed.settings(config);
        BasePeer peer = parsed.scheme == NetUri.Scheme.UDP
                ? UdpPeer.connect(this, parsed, settings, listener)
                : TcpPeer.connect(this, parsed, settings, listener);
        peers.add(peer);
        return peer;
    }

    @Override
    public Advertisement advertise(String uri, byte[] info) {
        checkOpen();
        return new LanAdvertiser(this, LanUri.parse(uri), Objects.requireNonNull(info, "info"), null);
    }

    @Override
    public Discovery discover(String uri) {
        checkOpen();
        return new LanSeeker(this, LanUri.parse(uri));
    }

    @Override
    public Mesh mesh(String lanUri, String listenUri) {
        checkOpen();
        LanUri lan = LanUri.parse(lanUri);
        return new LanMesh(this, lan, (BaseHost) listen(listenUri));
    }

    @Override
    public SendResult send(String uri, byte[] data) {
        return send(uri, 0, data, Delivery.RELIABLE);
    }

    @Override
    public SendResult send(String uri, int channel, byte[] data, Delivery delivery) {
        Peer peer = byUri.get(uri);
        if (peer == null || peer.state() == PeerState.DISCONNECTED || peer.state() == PeerState.CLOSING) {
            peer = connect(uri);
            byUri.put(uri, peer);
        }
        return peer.send(channel, data, delivery);
    }

    @Override
    public List<NetEvent> poll() {
        return poll(Duration.ZERO);
    }

    @Override
    public List<NetEvent> poll(Duration maxWait) {
        checkOpen();
        // A wait longer than a day is as good as forever, and keeps the arithmetic in range.
        long waitNanos =
                maxWait.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1).toNanos() : maxWait.toNanos();
        delivered.clear();
        now = clock.getAsLong();
        callbacks = 0;
        inPoll = true;
        try {
            return cycle(waitNanos, now + waitNanos);
        } finally {
            inPoll = false;
        }
    }

    /** The duty cycle of one poll: I/O, timers, deferred work, one write per peer; repeated while waiting. */
    private List<NetEvent> cycle(long waitNanos, long until) {
        runLater();
        if (closed) {
            return List.of(); // a listener closed this Net
        }
        int ready = selectNow();
        while (true) {
            if (ready > 0) {
                processKeys();
            }
            runTimers();
            runLater();
            if (!closed) {
                flush();
            }
            if (closed) {
                return List.of();
            }
            if (woken) {
                woken = false;
                break;
            }
            if (!pending.isEmpty() || callbacks > 0 || waitNanos <= 0 || now - until >= 0) {
                break;
            }
            ready = select(until);
            now = clock.getAsLong();
        }
        RuntimeException failure = listenerFailure;
        if (failure != null) {
            listenerFailure = null;
            throw failure; // the events stay pending: the next poll returns them
        }
        swapEvents();
        return deliveredView;
    }

    @Override
    public void flush() {
        checkOpen();
        if (flushing) {
            return; // called again from a listener that this flush woke; the outer loop goes on
        }
        flushing = true;
        try {
            flushDirty();
        } finally {
            flushing = false;
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); ) {
            BasePeer p = dirty.get(i);
            if (p.state() == PeerState.DISCONNECTED || p.flush()) {
                p.dirty = false;
                dirty.set(i, dirty.get(dirty.size() - 1));
                dirty.remove(dirty.size() - 1);
            } else {
                i++;
            }
        }
    }

    @Override
    public void wakeup() {
        woken = true;
        selector.wakeup();
    }

    @Override
    public void close() {
        if (closed || closing) {
            return;
        }
        closing = true; // listeners hear NET_CLOSED now, on this thread, which is the polling one
        for (BasePeer p : new ArrayList<>(peers)) {
            p.closeForShutdown();
        }
        for (BaseHost h : new ArrayList<>(hosts)) {
            h.stopListening();
        }
        new ArrayList<>(advertisers).forEach(LanAdvertiser::close);
        new ArrayList<>(seekers).forEach(LanSeeker::close);
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            // the descriptors are released either way
        }
        pending.clear();
        later.clear();
        RuntimeException failure = listenerFailure;
        listenerFailure = null;
        if (failure != null) {
            throw failure;
        }
    }

    // ---- for transports ----

    SelectionKey register(SelectableChannel channel, int ops, Object owner) throws ClosedChannelException {
        return channel.register(selector, ops, owner);
    }

    void markDirty(BasePeer peer) {
        dirty.add(peer);
    }

    void scheduleTimer(long at) {
        nextTimer = Deadline.earlier(nextTimer, at);
    }

    /** Runs {@code task} inside the next poll, so that its events reach listeners on the polling thread. */
    void later(Runnable task) {
        later.add(task);
    }

    void simulating(UdpSocket socket) {
        simulated.add(socket);
    }

    void notSimulating(UdpSocket socket) {
        simulated.remove(socket);
    }

    /**
     * Lends bytes {@code from} to {@code to} of {@code buf} to a handler as a read-only view: the
     * shared read buffer's view is made once, any other buffer gets one of its own.
     */
    ByteBuffer lend(ByteBuffer buf, int from, int to) {
        ByteBuffer view = buf == readBuffer ? readView : buf.asReadOnlyBuffer();
        view.limit(to).position(from);
        return view;
    }

    void onGone(BasePeer peer) {
        peers.remove(peer);
        byUri.remove(peer.uri(), peer);
    }

    void onGone(BaseHost host) {
        hosts.remove(host);
    }

    void onGone(LanAdvertiser advertiser) {
        advertisers.remove(advertiser);
    }

    /** A new advertisement, closed with this net; {@link #onGone(LanAdvertiser)} is its end. */
    void adopt(LanAdvertiser advertiser) {
        advertisers.add(advertiser);
    }

    /** A new search, whose timers this net runs; {@link #onGone(LanSeeker)} is its end. */
    void adopt(LanSeeker seeker) {
        seekers.add(seeker);
    }

    void onGone(LanSeeker seeker) {
        seekers.remove(seeker);
    }

    /** This net's hosts, for LAN answers. */
    List<BaseHost> hosts() {
        return hosts;
    }

    /** Queues an event that no listener takes, such as DISCOVERED. */
    void emit(NetEvent event) {
        pending.add(event);
    }

    /** Registers a peer accepted by a host. */
    void adopt(BasePeer peer) {
        peers.add(peer);
    }

    List<BasePeer> peersOf(BaseHost host) {
        List<BasePeer> of = new ArrayList<>();
        for (BasePeer p : peers) {
            if (p.host() == host) {
                of.add(p);
            }
        }
        return of;
    }

    void emitConnected(Peer peer, Listener listener) {
        if (listener != null && !inPoll) {
            later(() -> emitConnected(peer, listener));
        } else if (listener == null) {
            pending.add(NetEvent.connected(peer));
        } else {
            try {
                callbacks++;
                listener.onConnected(peer);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void emitData(Peer peer, Listener listener, int channel, ByteBuffer payload, long sequence) {
        if (listener == null) {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            pending.add(NetEvent.data(peer, channel, copy, sequence));
        } else {
            try {
                callbacks++;
                listener.onReceive(peer, channel, payload, sequence);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void emitReconnecting(Peer peer, Listener listener, String detail) {
        if (listener != null && !inPoll) {
            later(() -> emitReconnecting(peer, listener, detail));
        } else if (listener == null) {
            pending.add(NetEvent.reconnecting(peer, detail));
        } else {
            try {
                callbacks++;
                listener.onReconnecting(peer, detail);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void emitReconnected(Peer peer, Listener listener, boolean resumed, String detail) {
        if (listener != null && !inPoll) {
            later(() -> emitReconnected(peer, listener, resumed, detail));
        } else if (listener == null) {
            pending.add(NetEvent.reconnected(peer, resumed, detail));
        } else {
            try {
                callbacks++;
                listener.onReconnected(peer, resumed, detail);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    void emitDisconnected(Peer peer, Listener listener, DisconnectReason reason, String detail) {
        if (listener != null && !inPoll && !closed && !closing) {
            later(() -> emitDisconnected(peer, listener, reason, detail));
        } else if (listener == null) {
            if (!closed) {
                pending.add(NetEvent.disconnected(peer, reason, detail));
            }
        } else {
            try {
                callbacks++;
                listener.onDisconnected(peer, reason, detail);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    // ---- the duty cycle ----

    private void processKeys() {
        var keys = selector.selectedKeys();
        for (var it = keys.iterator(); it.hasNext() && !closed; ) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) {
                continue;
            }
            ((Selectable) key.attachment()).onSelected(key);
        }
    }

    private void runTimers() {
        if (!Deadline.due(nextTimer, now)) {
            return;
        }
        nextTimer = Deadline.NONE; // what callbacks schedule during the scan lands here and is kept
        long next = Deadline.NONE;
        for (int i = simulated.size() - 1; i >= 0; i--) {
            if (i >= simulated.size()) {
                continue; // delivering a datagram closed more than one socket
            }
            UdpSocket s = simulated.get(i);
            s.onTimer(now);
            next = Deadline.earlier(next, s.nextTimer());
        }
        for (int i = seekers.size() - 1; i >= 0; i--) {
            LanSeeker s = seekers.get(i);
            s.onTimer(now); // may close it, which takes it out of the list
            next = Deadline.earlier(next, s.nextTimer());
        }
        for (int i = peers.size() - 1; i >= 0; i--) {
            if (i >= peers.size()) {
                continue; // a timer closed more than one peer
            }
            BasePeer p = peers.get(i);
            p.onTimer(now);
            if (p.state() != PeerState.DISCONNECTED) {
                next = Deadline.earlier(next, p.nextTimer());
            }
        }
        if (next != Deadline.NONE) {
            next = Deadline.later(next, now + TIMER_GRANULARITY);
        }
        nextTimer = Deadline.earlier(nextTimer, next);
    }

    private void runLater() {
        for (int i = 0; i < later.size(); i++) {
            later.get(i).run();
        }
        later.clear();
    }

    private int selectNow() {
        try {
            return selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        }
    }

    private int select(long until) {
        long wait = Deadline.earlier(until, nextTimer) - now;
        if (wait <= 0) {
            return selectNow();
        }
        try {
            return selector.select(Math.max(1, wait / 1_000_000));
        } catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        }
    }

    private void swapEvents() {
        List<NetEvent> full = pending;
        pending = delivered;
        delivered = full;
        List<NetEvent> fullView = pendingView;
        pendingView = deliveredView;
        deliveredView = fullView;
    }

    private void failed(RuntimeException e) {
        if (listenerFailure == null) {
            listenerFailure = e;
        } else if (listenerFailure != e) {
            listenerFailure.addSuppressed(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Net is closed; open a new one with Net.open()");
        }
    }
}
