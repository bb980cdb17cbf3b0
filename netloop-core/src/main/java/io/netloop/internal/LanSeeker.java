package io.netloop.internal;

import io.netloop.Discovery;
import io.netloop.LanHost;
import io.netloop.NetEvent;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Asks the LAN for hosts of one game name every interval and reports each host found, and each
 * change of its info, as a DISCOVERED event. Answers must carry the nonce of one of its last few
 * queries, which also times the round trip.
 */
final class LanSeeker implements Discovery, Selectable {
    private static final int ANSWERS_PER_POLL = 256;
    /** Queries whose answers are still taken: a few intervals' worth. */
    private static final int NONCES = 4;
    /** Hosts remembered, so that a flood of forged answers cannot grow the map without bound. */
    private static final int MAX_KNOWN = 1024;

    private final RealNet net;
    private final LanUri uri;
    private final LanChannel channel;

    private final long[] nonces = new long[NONCES];
    private final long[] sentAt = new long[NONCES];
    private final Map<String, byte[]> known = new HashMap<>();
    private final ByteBuffer in = ByteBuffer.allocate(LanWire.QUERY_SIZE);
    /**
     * Where hosts found go: DISCOVERED events, once per host and change of info; or every answer,
     * to the {@link LanPeer} that waits for one or the {@link LanMesh} that joins them all.
     */
    private final Consumer<LanHost> onFound;

    private final boolean everyAnswer;

    private int queries;
    private long nextQuery;
    private long expiresAt = Deadline.NONE;
    private Runnable onExpired;
    private boolean closed;

    LanSeeker(RealNet net, LanUri uri) {
        this(net, uri, host -> net.emit(NetEvent.discovered(host)), false);
    }

    LanSeeker(RealNet net, LanUri uri, Consumer<LanHost> onFound) {
        this(net, uri, onFound, true);
    }

    private LanSeeker(RealNet net, LanUri uri, Consumer<LanHost> onFound, boolean everyAnswer) {
        this.net = net;
        this.uri = uri;
        this.onFound = onFound;
        this.everyAnswer = everyAnswer;
        this.channel = new LanChannel(
                net,
                this,
                StandardSocketOptions.SO_BROADCAST,
                0,
                uri.targets.isEmpty() && uri.ipv6,
                false,
                "discover " + uri.text);
        net.adopt(this);
        nextQuery = net.now();
        net.scheduleTimer(nextQuery);
    }

    /** 255.255.255.255 and the broadcast address of every interface that is up. */
    private static List<InetAddress> broadcastAddresses() {
        List<InetAddress> all = new ArrayList<>();
        try {
            all.add(InetAddress.getByAddress(new byte[] {-1, -1, -1, -1}));
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (nif.isUp()) {
                    for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                        if (a.getBroadcast() != null && !all.contains(a.getBroadcast())) {
                            all.add(a.getBroadcast());
                        }
                    }
                }
            }
        } catch (IOException e) {
            // an interface vanished while we looked: the limited broadcast address still goes out
        }
        return all;
    }

    @Override
    public String uri() {
        return uri.text;
    }

    /** Closes the search at {@code at} and runs {@code then}, unless it was closed before. */
    void expireAt(long at, Runnable then) {
        expiresAt = at;
        onExpired = then;
        net.scheduleTimer(at);
    }

    void onTimer(long now) {
        if (!closed && onExpired != null && now - expiresAt >= 0) {
            close();
            onExpired.run();
        }
        if (closed || now - nextQuery < 0) {
            return;
        }
        int slot = queries++ % NONCES;
        nonces[slot] = net.random.nextLong();
        sentAt[slot] = now;
        ByteBuffer query = LanWire.query(uri.name, nonces[slot]);
        // The interfaces are looked at every time: a network that comes up later (Wi-Fi joining,
        // a cable plugged in) is asked from then on.
        for (InetAddress target : uri.targets.isEmpty() ? broadcastAddresses() : uri.targets) {
            channel.send(query.rewind(), new InetSocketAddress(target, uri.port));
        }
        if (channel.hasIpv6()) {
            for (NetworkInterface nif : LanChannel.multicastInterfaces()) {
                channel.send(query.rewind(), new InetSocketAddress(scoped(nif), uri.port));
            }
        }
        nextQuery = now + uri.intervalNanos;
    }

    /** The IPv6 discovery group on one interface: link-local, so the scope says which link. */
    private static InetAddress scoped(NetworkInterface nif) {
        try {
            return Inet6Address.getByAddress(null, LanChannel.IPV6_GROUP.getAddress(), nif);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // sixteen bytes are always an address
        }
    }

    long nextTimer() {
        return closed ? Deadline.NONE : Deadline.earlier(nextQuery, expiresAt);
    }

    @Override
    public void onSelected(SelectionKey key) {
        for (int i = 0; i < ANSWERS_PER_POLL && !closed; i++) {
            InetSocketAddress from = channel.receive(in);
            if (from == null) {
                return;
            }
            if (LanWire.matches(in, LanWire.ANSWER_MAGIC, uri.name)) {
                int slot = slotOf(LanWire.nonce(in));
                if (slot >= 0) {
                    onAnswer(from, Duration.ofNanos(net.now() - sentAt[slot]));
                }
            }
        }
    }

    private int slotOf(long nonce) {
        for (int i = 0; i < Math.min(queries, NONCES); i++) {
            if (nonces[i] == nonce) {
                return i;
            }
        }
        return -1;
    }

    /** Reads the hosts and info of an answer (its position is after the name); malformed ones are dropped. */
    private void onAnswer(InetSocketAddress from, Duration rtt) {
        int count = in.remaining() > 0 ? in.get() & 0xff : 0;
        if (count == 0 || count > LanWire.MAX_HOSTS || in.remaining() < 3 * count + 2) {
            return;
        }
        int at = in.position();
        int infoLength = in.getShort(at + 3 * count) & 0xffff;
        if (infoLength > LanWire.MAX_INFO || in.remaining() != 3 * count + 2 + infoLength) {
            return;
        }
        byte[] info = new byte[infoLength];
        in.get(at + 3 * count + 2, info);
        for (int i = 0; i < count; i++) {
            int transport = in.get(at + 3 * i);
            int port = in.getShort(at + 3 * i + 1) & 0xffff;
            if ((transport == LanWire.TCP || transport == LanWire.UDP) && port != 0) {
                found(new LanHost(
                        uri.name,
                        transport == LanWire.TCP ? "tcp" : "udp",
                        new InetSocketAddress(from.getAddress(), port),
                        info,
                        rtt));
            }
        }
    }

    private void found(LanHost host) {
        if (closed) {
            return; // the LanPeer took the host before it: the rest of the answer is not wanted
        }
        if (everyAnswer) {
            onFound.accept(host);
            return;
        }
        byte[] before = known.get(host.uri());
        if (before != null && Arrays.equals(before, host.info())) {
            return;
        }
        if (before == null && known.size() >= MAX_KNOWN) {
            return;
        }
        known.put(host.uri(), host.info());
        onFound.accept(host);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        channel.close();
        net.onGone(this);
    }
}
