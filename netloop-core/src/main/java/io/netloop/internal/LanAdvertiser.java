package io.netloop.internal;

import io.netloop.Advertisement;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;

/**
 * Answers LAN discovery queries for one game name with the ports of its net's hosts. Every
 * advertiser on a machine binds the same port with SO_REUSEADDR, so a broadcast query reaches all
 * of them. Queries shorter than {@link LanWire#QUERY_SIZE} are ignored, which keeps every answer
 * smaller than what it answers.
 */
final class LanAdvertiser implements Advertisement, Selectable {
    /** Queries read per poll, so a flood cannot take over a frame. */
    private static final int QUERIES_PER_POLL = 64;

    private static final int ANSWERS_PER_SECOND = 10;

    private final RealNet net;
    private final LanUri uri;
    private final LanChannel channel;

    private final ByteBuffer in = ByteBuffer.allocate(LanWire.QUERY_SIZE + 1);
    private final RateLimit limit = new RateLimit(ANSWERS_PER_SECOND);
    private final int[] hosts = new int[2 * LanWire.MAX_HOSTS];
    /** The one host it answers for, or null for all of its net's hosts. */
    private final BaseHost only;

    private byte[] info;
    private boolean closed;

    LanAdvertiser(RealNet net, LanUri uri, byte[] info, BaseHost only) {
        this.net = net;
        this.uri = uri;
        this.only = only;
        info(info);
        // SO_REUSEADDR: every advertiser on this machine binds the port, and a broadcast reaches all
        this.channel = new LanChannel(
                net, this, StandardSocketOptions.SO_REUSEADDR, uri.port, uri.ipv6, true, "advertise " + uri.text);
        net.adopt(this);
    }

    @Override
    public void info(byte[] info) {
        if (info.length > LanWire.MAX_INFO) {
            throw new IllegalArgumentException(
                    "info is " + info.length + " bytes; a LAN answer carries at most " + LanWire.MAX_INFO);
        }
        this.info = info.clone();
    }

    @Override
    public String uri() {
        return uri.text;
    }

    @Override
    public void onSelected(SelectionKey key) {
        for (int i = 0; i < QUERIES_PER_POLL && !closed; i++) {
            InetSocketAddress from = channel.receive(in);
            if (from == null) {
                return;
            }
            if (in.limit() >= LanWire.QUERY_SIZE
                    && LanWire.matches(in, LanWire.QUERY_MAGIC, uri.name)
                    && limit.allow(from.getAddress(), net.now())) {
                answer(LanWire.nonce(in), from);
            }
        }
    }

    private void answer(long nonce, InetSocketAddress to) {
        int count = 0;
        for (BaseHost h : only != null ? List.of(only) : net.hosts()) {
            int transport = h instanceof UdpHost ? LanWire.UDP : h.uri.scheme == NetUri.Scheme.TCP ? LanWire.TCP : 0;
            if (transport != 0 && h.isOpen() && count < LanWire.MAX_HOSTS) {
                hosts[2 * count] = transport;
                hosts[2 * count + 1] = h.port();
                count++;
            }
        }
        if (count == 0) {
            return; // nothing to connect to yet
        }
        channel.send(LanWire.answer(uri.name, nonce, hosts, count, info), to);
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
