package io.netloop.internal;

import io.netloop.Simulation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * One UDP socket: a host's (shared by all its peers) or a client's own, connected to its host. It
 * reads a bounded number of datagrams per poll and passes each to its owner, and sends through
 * the {@link LinkSimulator} when the connection simulates a network.
 */
final class UdpSocket implements Selectable {
    /** Whoever the datagrams are for. */
    interface Owner {
        /** A datagram arrived; {@code datagram} is valid during the call only. */
        void onDatagram(ByteBuffer datagram, InetSocketAddress from);

        /** The other end's port is closed (an ICMP port unreachable came back); connected sockets only. */
        default void onUnreachable() {}
    }

    /** Datagrams read per poll, so that a flood cannot take over a frame. */
    private static final int DATAGRAMS_PER_POLL = 2048;

    private static final int BUFFER_BYTES = 4 << 20;

    private final RealNet net;
    private final DatagramChannel channel;
    private final SelectionKey key;
    /** A client socket's host, or null; while {@link #connected}, only its datagrams come in. */
    private final InetSocketAddress connectedTo;

    private boolean connected;
    private LinkSimulator outbound;
    private LinkSimulator inbound;
    private Owner owner;

    private UdpSocket(RealNet net, DatagramChannel channel, InetSocketAddress connectedTo, Simulation sim)
            throws IOException {
        this.net = net;
        this.channel = channel;
        this.connectedTo = connectedTo;
        this.connected = connectedTo != null;
        channel.configureBlocking(false);
        this.key = net.register(channel, SelectionKey.OP_READ, this);
        simulate(sim);
    }

    /** Simulates {@code sim} on what this socket sends and receives from now on. */
    void simulate(Simulation sim) {
        Simulation in = sim.withSeed(sim.seed() * 31 + 17);
        if (outbound != null) {
            outbound.change(sim);
            inbound.change(in);
        } else if (sim.isActive()) {
            outbound = new LinkSimulator(sim);
            inbound = new LinkSimulator(in);
            net.simulating(this);
        }
    }

    /** A host's socket, bound to {@code local}. */
    static UdpSocket bind(RealNet net, InetSocketAddress local, Simulation sim) throws IOException {
        // A wildcard host listens on IPv4 and IPv6 at once, as a TCP host does.
        DatagramChannel channel =
                local.getAddress().isAnyLocalAddress() ? buffered(DatagramChannel.open()) : open(local);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(local);
            return new UdpSocket(net, channel, null, sim);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A client's socket, connected to its host so that only the host's datagrams reach it. */
    static UdpSocket connect(RealNet net, InetSocketAddress remote, Simulation sim) throws IOException {
        DatagramChannel channel = open(remote);
        try {
            channel.connect(remote);
            return new UdpSocket(net, channel, remote, sim);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static DatagramChannel open(InetSocketAddress address) throws IOException {
        boolean v6 = address.getAddress() instanceof java.net.Inet6Address;
        return buffered(DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET));
    }

    private static DatagramChannel buffered(DatagramChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
        return channel;
    }

    void owner(Owner owner) {
        this.owner = owner;
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void onSelected(SelectionKey key) {
        ByteBuffer buf = net.readBuffer;
        for (int i = 0; i < DATAGRAMS_PER_POLL && channel.isOpen(); i++) {
            buf.clear();
            InetSocketAddress from;
            try {
                if (connected) {
                    from = channel.read(buf) > 0 ? connectedTo : null;
                } else {
                    from = (InetSocketAddress) channel.receive(buf);
                }
            } catch (PortUnreachableException e) {
                owner.onUnreachable();
                return;
            } catch (IOException e) {
                return; // a datagram socket has no stream to lose; try again next poll
            }
            if (from == null) {
                return;
            }
            buf.flip();
            if (inbound != null && inbound.inUse()) {
                inbound.offer(net.now(), buf, from);
                net.scheduleTimer(inbound.nextDue());
            } else {
                owner.onDatagram(buf, from);
            }
        }
    }

    /**
     * Sends one datagram now, or into the simulator.
     *
     * @return false if the socket's buffer is full; the datagram is then lost, as on a busy router
     */
    boolean send(ByteBuffer datagram, InetSocketAddress to) {
        if (outbound != null && outbound.inUse()) {
            outbound.offer(net.now(), datagram, to);
            net.scheduleTimer(outbound.nextDue());
            return true;
        }
        return sendNow(datagram, to);
    }

    private boolean sendNow(ByteBuffer datagram, InetSocketAddress to) {
        try {
            return (connected ? channel.write(datagram) : channel.send(datagram, to)) > 0;
        } catch (PortUnreachableException e) {
            owner.onUnreachable();
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Lets datagrams in from any address. A host listening on every interface may answer from
     * another of its addresses than the one the client sent to, which a connected socket drops; a
     * client that heard nothing to its first HELLO stops filtering by address (the nonce and the
     * connection id still tell its host's datagrams from others), and gives up the early "port
     * unreachable" that only a connected socket hears.
     */
    void acceptAnySource() {
        if (connected) {
            try {
                channel.disconnect();
                connected = false;
            } catch (IOException e) {
                // stays connected: the host may still answer from the address we chose
            }
        }
    }

    /** Releases the simulated datagrams that are due. */
    void onTimer(long now) {
        outbound.release(now, this::sendNow);
        inbound.release(now, owner::onDatagram);
    }

    long nextTimer() {
        return Deadline.earlier(outbound.nextDue(), inbound.nextDue());
    }

    void close() {
        if (outbound != null) {
            outbound.drain(this::sendNow); // a last CLOSE or ACK waiting out its latency still goes
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // released either way
        }
        if (outbound != null) {
            net.notSimulating(this);
        }
    }
}
