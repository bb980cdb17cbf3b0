package io.netloop.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The UDP sockets of a LAN advertiser or finder, registered with the net's selector for reading:
 * one for IPv4 broadcasts and, where the machine has IPv6 and the URI allows it, one for
 * link-local multicast to {@link #IPV6_GROUP}. Datagrams go out and come in on the socket of
 * their address's IP version.
 */
final class LanChannel {
    /** The link-local multicast group of LAN discovery over IPv6 (ff02::114, for private experiments). */
    static final InetAddress IPV6_GROUP = ipv6Group();

    private final DatagramChannel v4;
    /** Null without IPv6, or when the URI says {@code ipv6=false}. */
    private final DatagramChannel v6;

    /**
     * Opens the IPv4 socket with {@code option} on, bound to {@code port} on every address (0 for
     * any port), and with {@code ipv6} the IPv6 one on the same port, a member of {@link
     * #IPV6_GROUP} on every interface that can take it when {@code join}; registers {@code owner}
     * for their datagrams.
     *
     * @throws UncheckedIOException saying what for, if the IPv4 port cannot be had
     */
    LanChannel(
            RealNet net,
            Selectable owner,
            SocketOption<Boolean> option,
            int port,
            boolean ipv6,
            boolean join,
            String what) {
        v4 = open(net, owner, StandardProtocolFamily.INET, option, port, what);
        v6 = ipv6 ? openIpv6(net, owner, port, join, what) : null;
    }

    private static DatagramChannel open(
            RealNet net, Selectable owner, ProtocolFamily family, SocketOption<Boolean> option, int port, String what) {
        try {
            DatagramChannel channel = DatagramChannel.open(family);
            try {
                channel.setOption(option, true);
                channel.bind(new InetSocketAddress(port));
                channel.configureBlocking(false);
                net.register(channel, SelectionKey.OP_READ, owner);
                return channel;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open UDP port " + port + " to " + what, e);
        }
    }

    private static DatagramChannel openIpv6(RealNet net, Selectable owner, int port, boolean join, String what) {
        DatagramChannel c;
        try {
            c = open(net, owner, StandardProtocolFamily.INET6, StandardSocketOptions.SO_REUSEADDR, port, what);
        } catch (UncheckedIOException | UnsupportedOperationException e) {
            return null; // no IPv6 here: IPv4 broadcast still works
        }
        for (NetworkInterface nif : join ? multicastInterfaces() : List.<NetworkInterface>of()) {
            try {
                c.join(IPV6_GROUP, nif);
            } catch (IOException | RuntimeException e) {
                // an interface that cannot join is not asked on; the others are
            }
        }
        return c;
    }

    /** Whether there is an IPv6 socket to ask or answer on. */
    boolean hasIpv6() {
        return v6 != null;
    }

    /** The interfaces that are up, not loopback, take multicast and have an IPv6 address. */
    static List<NetworkInterface> multicastInterfaces() {
        List<NetworkInterface> all = new ArrayList<>();
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                if (nif.isUp()
                        && !nif.isLoopback()
                        && nif.supportsMulticast()
                        && nif.inetAddresses().anyMatch(a -> a instanceof Inet6Address)) {
                    all.add(nif);
                }
            }
        } catch (IOException e) {
            // an interface vanished while we looked; the next query looks again
        }
        return all;
    }

    private static InetAddress ipv6Group() {
        try {
            return InetAddress.getByName("ff02::114");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // a literal never needs a lookup
        }
    }

    /**
     * The next datagram into {@code in} (cleared first, flipped after), or null if none is waiting.
     * An IPv4 datagram that reaches the dual-stack IPv6 socket too is dropped there: the IPv4
     * socket has it.
     */
    InetSocketAddress receive(ByteBuffer in) {
        InetSocketAddress from = receive(v4, in);
        while (from == null && v6 != null) {
            from = receive(v6, in);
            if (from == null || !(from.getAddress() instanceof Inet4Address)) {
                return from;
            }
            from = null;
        }
        return from;
    }

    private static InetSocketAddress receive(DatagramChannel channel, ByteBuffer in) {
        in.clear();
        try {
            InetSocketAddress from = (InetSocketAddress) channel.receive(in);
            in.flip();
            return from;
        } catch (IOException e) {
            return null; // a UDP receive error concerns one datagram; the next poll reads on
        }
    }

    /**
     * Sends {@code datagram} on the socket of {@code to}'s IP version; a failure (no route to a
     * broadcast address, a finder gone, no IPv6 socket) is dropped.
     */
    void send(ByteBuffer datagram, InetSocketAddress to) {
        DatagramChannel channel = to.getAddress() instanceof Inet4Address || v6 == null ? v4 : v6;
        try {
            channel.send(datagram, to);
        } catch (IOException e) {
            // the other addresses still go out, and the finder asks again
        }
    }

    void close() {
        close(v4);
        if (v6 != null) {
            close(v6);
        }
    }

    private static void close(DatagramChannel channel) {
        try {
            channel.close(); // which also cancels its selection key
        } catch (IOException e) {
            // released either way
        }
    }
}
