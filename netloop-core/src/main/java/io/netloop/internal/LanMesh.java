package io.netloop.internal;

import io.netloop.Host;
import io.netloop.LanHost;
import io.netloop.Mesh;
import io.netloop.Peer;
import io.netloop.PeerState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A member of a LAN mesh: its host is advertised with an 8-byte random member id as the info, and
 * every member found is connected to by whichever of the two has the smaller id. Connections are
 * keyed by member id, so a member heard at two addresses (two interfaces) gets one connection.
 * A member whose connection ended is connected to again at its next answer.
 */
final class LanMesh implements Mesh {
    private final RealNet net;
    private final LanUri uri;
    private final BaseHost host;
    private final long id;
    private final LanAdvertiser advertiser;
    private final LanSeeker seeker;
    /** The members this one connected to, by member id. */
    private final Map<Long, Peer> dialled = new HashMap<>();

    private boolean closed;

    LanMesh(RealNet net, LanUri uri, BaseHost host) {
        this.net = net;
        this.uri = uri;
        this.host = host;
        long random;
        do {
            random = net.random.nextLong();
        } while (random == 0);
        this.id = random;
        this.advertiser =
                new LanAdvertiser(net, uri, ByteBuffer.allocate(8).putLong(id).array(), host);
        this.seeker = new LanSeeker(net, uri, this::found);
    }

    private void found(LanHost member) {
        byte[] info = member.info();
        if (closed || info.length != 8 || member.transport().equals("tcp") != (host instanceof TcpHost)) {
            return; // not a member of this mesh (another program under the name, or another transport)
        }
        long other = ByteBuffer.wrap(info).getLong();
        if (other <= id) {
            return; // itself, or a member that connects to this one
        }
        Peer peer = dialled.get(other);
        if (peer == null || peer.state() == PeerState.DISCONNECTED) {
            dialled.put(other, net.connect(member.uri()));
        }
    }

    @Override
    public String uri() {
        return uri.text;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public Collection<Peer> peers() {
        List<Peer> connected = new ArrayList<>(host.peers());
        for (Peer p : dialled.values()) {
            if (p.state() == PeerState.CONNECTED) {
                connected.add(p);
            }
        }
        return connected;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        seeker.close();
        advertiser.close();
        dialled.values().forEach(Peer::close);
        host.close();
    }
}
