package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.EndPoint;
import com.esotericsoftware.kryonet.Server;
import com.esotericsoftware.minlog.Log;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * What every KryoNet end of the benchmark shares, in one place as KryoNet's own examples do: the
 * registered messages (a {@code byte[]}), the loopback address, binding a server, and logging.
 */
final class Network {
    /** Every connection is made to this address. */
    static final String HOST = "127.0.0.1";

    private Network() {}

    /**
     * Registers the benchmark's only message, a {@code byte[]}, in the same order on both ends.
     *
     * @param endPoint a {@code Server} or {@code Client}, before it connects
     */
    static void register(EndPoint endPoint) {
        endPoint.getKryo().register(byte[].class);
    }

    /**
     * Sends KryoNet's log (minlog) to standard error at WARN, so standard output carries only the
     * {@code PORT} and {@code RESULT} lines, and INFO does not print a line per connection.
     */
    static void quietLogging() {
        Log.setLogger(new Log.Logger() {
            @Override
            protected void print(String message) {
                System.err.println(message);
            }
        });
        Log.set(Log.LEVEL_WARN);
    }

    /**
     * Makes a server ready: registers the message, adds its listener, binds it to 127.0.0.1 and
     * starts its update thread.
     *
     * @param server the server, not yet bound
     * @param listener what handles its connections
     * @return the port
     * @throws IOException if no port could be bound
     */
    static int serve(Server server, com.esotericsoftware.kryonet.Listener listener) throws IOException {
        register(server);
        server.addListener(listener);
        int port = bind(server);
        server.start();
        return port;
    }

    /**
     * Binds a TCP-only server to 127.0.0.1 on a free port. KryoNet reports no bound port (its
     * server channel is private), so a port is found by binding a probe socket to port 0 first.
     *
     * @param server the server, not yet bound
     * @return the port
     * @throws IOException if no port could be bound in a few tries
     */
    private static int bind(Server server) throws IOException {
        InetAddress loopback = InetAddress.getByName(HOST);
        BindException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
                port = probe.getLocalPort();
            }
            try {
                server.bind(new InetSocketAddress(loopback, port), null);
                return port;
            } catch (BindException e) {
                last = e; // another process took the port between the probe and the bind
            }
        }
        throw last;
    }
}
