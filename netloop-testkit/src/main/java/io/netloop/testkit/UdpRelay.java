package io.netloop.testkit;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The UDP side of {@link LinkProxy}: one loopback socket for the clients and, per client address,
 * a {@link UdpFlow} with its own socket towards the target, as a NAT would have.
 */
final class UdpRelay extends Relay {
    /** Datagrams read per socket per call of {@link #work}, so that a flood cannot starve the rest. */
    private static final int READS_PER_WORK = 256;

    /** Flows open at once; datagrams from further clients are dropped. */
    private static final int MAX_FLOWS = 1024;

    /** Cut flows kept open to swallow late answers; beyond this the oldest is closed. */
    private static final int MAX_RETIRED = 256;

    private final DatagramChannel listener;
    private final int port;
    private final Map<SocketAddress, UdpFlow> flows = new HashMap<>();
    private final List<UdpFlow> active = new ArrayList<>();
    private final List<UdpFlow> retired = new ArrayList<>();
    private final DatagramLine toTarget = new DatagramLine();
    private final DatagramLine toClient = new DatagramLine();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    UdpRelay(Selector selector, InetSocketAddress target) throws IOException {
        super(selector, target);
        listener = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            listener.bind(new InetSocketAddress(LOOPBACK, 0));
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_READ);
            port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    InetSocketAddress localAddress() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    @Override
    void work(long now) {
        release(now);
        receiveFromClients(now);
        for (int i = 0; i < active.size(); i++) {
            receiveFromTarget(active.get(i), now);
        }
        for (int i = 0; i < retired.size(); i++) {
            receiveFromTarget(retired.get(i), now);
        }
        release(now);
    }

    @Override
    long nextDue() {
        return mode == Mode.NORMAL ? Math.min(toTarget.headDue(), toClient.headDue()) : Long.MAX_VALUE;
    }

    @Override
    void cut() {
        cuts++;
        for (int i = 0; i < active.size(); i++) {
            UdpFlow flow = active.get(i);
            flow.retired = true;
            retired.add(flow);
        }
        active.clear();
        flows.clear();
        while (retired.size() > MAX_RETIRED) {
            closeQuietly(retired.remove(0).channel);
        }
    }

    @Override
    void stall() {
        mode = Mode.STALLED;
    }

    @Override
    void blackHole() {
        mode = Mode.BLACK_HOLE;
        datagramsDropped += toTarget.clear() + toClient.clear();
    }

    @Override
    void heal() {
        mode = Mode.NORMAL;
    }

    @Override
    int openConnections() {
        return active.size();
    }

    @Override
    void close() {
        closeQuietly(listener);
        for (int i = 0; i < active.size(); i++) {
            closeQuietly(active.get(i).channel);
        }
        for (int i = 0; i < retired.size(); i++) {
            closeQuietly(retired.get(i).channel);
        }
        active.clear();
        retired.clear();
        flows.clear();
        toTarget.clear();
        toClient.clear();
    }

    private void receiveFromClients(long now) {
        for (int i = 0; i < READS_PER_WORK; i++) {
            SocketAddress from;
            try {
                buffer.clear();
                from = listener.receive(buffer);
            } catch (IOException e) {
                return; // an ICMP error some platforms report; the next read goes on
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            if (mode == Mode.BLACK_HOLE) {
                datagramsDropped++;
            } else if (mode != Mode.NORMAL || delayNanos != 0 || !toTarget.isEmpty() || !sendToTarget(from)) {
                datagramsDropped += toTarget.add(from, buffer.position(0), now + delayNanos);
            }
        }
    }

    private void receiveFromTarget(UdpFlow flow, long now) {
        for (int i = 0; i < READS_PER_WORK; i++) {
            try {
                buffer.clear();
                if (flow.channel.receive(buffer) == null) {
                    return;
                }
            } catch (IOException e) {
                return; // e.g. port unreachable: the target is not listening (yet)
            }
            buffer.flip();
            if (flow.retired || mode == Mode.BLACK_HOLE) {
                datagramsDropped++; // an answer to a flow the cut forgot, or into the black hole
            } else if (mode != Mode.NORMAL || delayNanos != 0 || !toClient.isEmpty() || !sendToClient(flow)) {
                datagramsDropped += toClient.add(flow, buffer.position(0), now + delayNanos);
            }
        }
    }

    /** Sends what falls due, oldest first, unless the link is stalled or black-holed. */
    private void release(long now) {
        while (mode == Mode.NORMAL && !toTarget.isEmpty() && toTarget.headDue() - now <= 0) {
            buffer.clear();
            buffer.put(toTarget.headData()).flip();
            if (!sendToTarget((SocketAddress) toTarget.headDestination())) {
                return; // no room in the socket's buffer: try again on the next call
            }
            toTarget.pop();
        }
        while (mode == Mode.NORMAL && !toClient.isEmpty() && toClient.headDue() - now <= 0) {
            buffer.clear();
            buffer.put(toClient.headData()).flip();
            if (!sendToClient((UdpFlow) toClient.headDestination())) {
                return;
            }
            toClient.pop();
        }
    }

    /** Sends {@link #buffer} to the target through the client's flow; false if there was no room. */
    private boolean sendToTarget(SocketAddress client) {
        UdpFlow flow = flows.get(client);
        if (flow == null) {
            flow = openFlow(client);
        }
        if (flow == null) {
            datagramsDropped++;
            return true;
        }
        try {
            if (flow.channel.send(buffer, target) == 0 && buffer.hasRemaining()) {
                return false;
            }
            datagramsForwarded++;
        } catch (IOException e) {
            datagramsDropped++; // e.g. the target's port is unreachable: UDP loses it
        }
        return true;
    }

    /** Sends {@link #buffer} to the flow's client; false if there was no room. */
    private boolean sendToClient(UdpFlow flow) {
        if (flow.retired) {
            datagramsDropped++; // held before a cut; its flow is forgotten
            return true;
        }
        try {
            if (listener.send(buffer, flow.client) == 0 && buffer.hasRemaining()) {
                return false;
            }
            datagramsForwarded++;
        } catch (IOException e) {
            datagramsDropped++;
        }
        return true;
    }

    private UdpFlow openFlow(SocketAddress client) {
        if (active.size() >= MAX_FLOWS) {
            return null;
        }
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open(family(target));
            channel.connect(target); // binds an ephemeral port, and filters out anyone but the target
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            UdpFlow flow = new UdpFlow(client, channel);
            flows.put(client, flow);
            active.add(flow);
            connections++;
            return flow;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return null;
        }
    }

    private static ProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
    }
}
