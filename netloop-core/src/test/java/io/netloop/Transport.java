package io.netloop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;

/**
 * The framed transports, which promise the same behaviour through the same API: every contract
 * test ({@link EachTransport}) runs once over each, on 127.0.0.1 with ephemeral ports.
 */
enum Transport {
    TCP,
    UDP;

    /** {@code "tcp"} or {@code "udp"}. */
    String scheme() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A URI to listen on any free loopback port. */
    String listenUri() {
        return listenUri("");
    }

    /** A URI to listen on any free loopback port, with options, e.g. {@code "?sendQueue=1KiB"}. */
    String listenUri(String query) {
        return connectUri(0, query);
    }

    /** A URI to connect to {@code host}, which listens on loopback. */
    String connectUri(Host host) {
        return connectUri(host.port(), "");
    }

    /** A URI for {@code port} on loopback, with options, e.g. {@code "?connectTimeout=200ms"}. */
    String connectUri(int port, String query) {
        return scheme() + "://127.0.0.1:" + port + query;
    }

    /** A loopback port where nothing of this transport listens: bound to find it, then closed. */
    int closedPort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (this == TCP) {
            try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
                return s.getLocalPort();
            }
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            return s.getLocalPort();
        }
    }

    /** A free UDP port on loopback, e.g. for the LAN discovery port of one test. */
    static int freeUdpPort() {
        try {
            return UDP.closedPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return scheme() + "://";
    }
}
