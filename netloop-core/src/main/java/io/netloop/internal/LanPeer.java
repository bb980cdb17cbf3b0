package io.netloop.internal;

import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.LanHost;
import io.netloop.Listener;
import io.netloop.Peer;
import io.netloop.PeerState;
import io.netloop.PeerStats;
import io.netloop.SendResult;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The peer {@code net.connect("lan://game")} returns at once: it discovers the game's hosts and
 * connects to the first that answers, over that host's transport. From then on it passes every
 * call to that connection, whose events and listener calls name this object, so the game holds one
 * Peer from CONNECTING to DISCONNECTED. If no host answers within {@code connectTimeout} it ends
 * with CONNECT_FAILED.
 */
final class LanPeer implements Peer {
    private final RealNet net;
    private final LanUri uri;
    private final Listener listener;
    private final LanSeeker seeker;
    private BasePeer real;
    private boolean ended;
    private Object attachment;

    LanPeer(RealNet net, LanUri uri, Listener listener) {
        this.net = net;
        this.uri = uri;
        this.listener = listener;
        this.seeker = new LanSeeker(net, uri, this::found);
        long timeout = net.config().connectTimeout().toNanos();
        seeker.expireAt(
                net.now() + timeout,
                () -> end(
                        DisconnectReason.CONNECT_FAILED,
                        "no host of " + uri.text + " answered within " + timeout / 1_000_000 + " ms"));
    }

    private void found(LanHost host) {
        seeker.close();
        real = (BasePeer) net.connect(host.uri(), listener);
        real.showAs(this);
    }

    private void end(DisconnectReason reason, String detail) {
        ended = true;
        net.emitDisconnected(this, listener, reason, detail);
    }

    @Override
    public SendResult send(int channel, byte[] data, io.netloop.Delivery delivery) {
        return real != null ? real.send(channel, data, delivery) : SendResult.NOT_CONNECTED;
    }

    @Override
    public SendResult send(int channel, byte[] data, int offset, int length, io.netloop.Delivery delivery) {
        return real != null ? real.send(channel, data, offset, length, delivery) : SendResult.NOT_CONNECTED;
    }

    @Override
    public SendResult send(int channel, ByteBuffer data, io.netloop.Delivery delivery) {
        return real != null ? real.send(channel, data, delivery) : SendResult.NOT_CONNECTED;
    }

    @Override
    public byte[] recv(int maxBytes) {
        throw new IllegalStateException(
                "recv() is for tcp+raw:// connections; " + uri.text + " delivers DATA events from poll() instead");
    }

    @Override
    public void close() {
        if (real != null) {
            real.close();
        } else if (!ended) {
            seeker.close();
            end(DisconnectReason.CLOSED, "closed before a host of " + uri.text + " answered");
        }
    }

    @Override
    public void closeNow() {
        if (real != null) {
            real.closeNow();
        } else {
            close();
        }
    }

    @Override
    public PeerState state() {
        return real != null ? real.state() : ended ? PeerState.DISCONNECTED : PeerState.CONNECTING;
    }

    @Override
    public PeerStats stats() {
        return real != null ? real.stats() : new PeerCounters().snapshot(0);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return real != null ? real.remoteAddress() : null;
    }

    @Override
    public String uri() {
        return uri.text;
    }

    @Override
    public Host host() {
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public String toString() {
        return real != null ? real.toString() : uri.text + " (looking for a host)";
    }
}
