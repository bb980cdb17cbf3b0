package io.netloop.testkit;

import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * One client's UDP flow: the client's address and the proxy's own socket towards the target, whose
 * port is the client's address as the target sees it. A cut retires the flow: its socket stays
 * open only to swallow late answers, so that the port is not handed out again at once.
 */
final class UdpFlow {
    final SocketAddress client;
    final DatagramChannel channel;
    boolean retired;

    UdpFlow(SocketAddress client, DatagramChannel channel) {
        this.client = client;
        this.channel = channel;
    }
}
