package io.netloop.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A UDP socket of a LAN advertiser or finder, registered with the net's selector for reading: IPv4
 * for broadcasts, IPv6 for link-local multicast to {@link #IPV6_GROUP}.
 */
final class LanChannel {
    /** The link-local multicast group of LAN discovery over IPv6 (ff02::114, for private experiments). */
    static final InetAddress IPV6_GROUP = ipv6Group();

    private final DatagramChannel channel;
    private final SelectionKey key;

    /**
     * Opens the socket with {@code option} on, binds it to {@code port} on every address (0 for any
     * port) and registers {@code owner} for its datagrams.
     *
     * @throws UncheckedIOException saying what for, if the port cannot be had
     */
    LanChannel(RealNet net, Selectable owner, SocketOption<Boolean> option, int port, String what) {
        this(net, owner, StandardProtocolFamily.INET, option, port, what);
    }

    private LanChannel(
            RealNet net, Selectable owner, ProtocolFamily family, SocketOption<Boolean> option, int port, String what) {
        try {
            channel = DatagramChannel.open(family);
            try {
                channel.setOption(option, true);
                channel.bind(new InetSocketAddress(port));
                channel.configureBlocking(false);
                key = net.register(channel, SelectionKey.OP_READ, owner);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open UDP port " + port + " to " + what, e);
        }
    }

    /**
     * The IPv6 socket beside the IPv4 one, or null on a machine without IPv6; an advertiser's
     * ({@code join}) is a member of {@link #IPV6_GROUP} on every interface that can take it.
     */
    static LanChannel ipv6(RealNet net, Selectable owner, int port, boolean join, String what) {
        LanChannel c;
        try {
            c = new LanChannel(
                    net, owner, StandardProtocolFamily.INET6, StandardSocketOptions.SO_REUSEADDR, port, what);
        } catch (UncheckedIOException | UnsupportedOperationException e) {
            return null; // no IPv6 here: IPv4 broadcast still works
        }
        for (NetworkInterface nif : join ? multicastInterfaces() : List.<NetworkInterface>of()) {
            try {
                c.channel.join(IPV6_GROUP, nif);
            } catch (IOException | RuntimeException e) {
                // an interface that cannot join is not asked on; the others are
            }
        }
        return c;
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

    /** The next datagram into {@code in} (cleared first, flipped after), or null if none is waiting. */
    InetSocketAddress receive(ByteBuffer in) {
        in.clear();
        try {
            InetSocketAddress from = (InetSocketAddress) channel.receive(in);
            in.flip();
            return from;
        } catch (IOException e) {
            return null; // a UDP receive error concerns one datagram; the next poll reads on
        }
    }

    /** Sends {@code datagram}; a failure (no route to a broadcast address, a finder gone) is dropped. */
    void send(ByteBuffer datagram, InetSocketAddress to) {
        try {
            channel.send(datagram, to);
        } catch (IOException e) {
            // the other addresses still go out, and the finder asks again
        }
    }

    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // released either way
        }
    }
}
