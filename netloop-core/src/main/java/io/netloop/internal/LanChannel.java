package io.netloop.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/** The IPv4 UDP socket of a LAN advertiser or finder, registered with the net's selector for reading. */
final class LanChannel {
    private final DatagramChannel channel;
    private final SelectionKey key;

    /**
     * Opens the socket with {@code option} on, binds it to {@code port} on every address (0 for any
     * port) and registers {@code owner} for its datagrams.
     *
     * @throws UncheckedIOException saying what for, if the port cannot be had
     */
    LanChannel(RealNet net, Selectable owner, SocketOption<Boolean> option, int port, String what) {
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
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
