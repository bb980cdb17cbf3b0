package io.netloop;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A {@link Listener} that records every call as text, and the threads the calls came on. */
final class Recorder implements Listener {
    final List<String> calls = new ArrayList<>();
    final Set<Thread> threads = new HashSet<>();
    final List<Peer> connected = new ArrayList<>();

    @Override
    public void onConnected(Peer peer) {
        threads.add(Thread.currentThread());
        connected.add(peer);
        calls.add("connected");
    }

    @Override
    public void onData(Peer peer, int channel, byte[] data, long sequence) {
        threads.add(Thread.currentThread());
        calls.add("data " + channel + " #" + sequence + " " + new String(data, UTF_8));
    }

    @Override
    public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
        threads.add(Thread.currentThread());
        calls.add("disconnected " + reason);
    }
}
