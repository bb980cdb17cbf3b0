package io.netloop.bench.kryonet;

import com.esotericsoftware.kryonet.Client;
import com.esotericsoftware.kryonet.Listener;
import java.util.ArrayList;
import java.util.List;

/**
 * Many KryoNet clients in one JVM, as the clients role of fan-out and storm needs them. Each is a
 * full {@link Client} with KryoNet's default buffers and its own update thread: that is how KryoNet
 * runs a client, so it is kept, costs and all.
 */
final class Crowd {
    private final List<Client> clients = new ArrayList<>();

    /**
     * Creates a client, registers the message, adds the listener and starts its update thread.
     *
     * @param listener called on the new client's update thread
     * @return the client, not yet connected
     */
    Client add(Listener listener) {
        Client client = new Client();
        Network.register(client);
        client.addListener(listener);
        clients.add(client);
        client.start();
        return client;
    }

    /**
     * How many clients were added.
     *
     * @return the count
     */
    int size() {
        return clients.size();
    }

    /** Closes every client and ends its update thread. */
    void stopAll() {
        for (Client client : clients) {
            client.stop();
        }
    }
}
