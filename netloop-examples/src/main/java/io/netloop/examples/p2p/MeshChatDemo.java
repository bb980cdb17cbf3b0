package io.netloop.examples.p2p;

import java.util.ArrayList;
import java.util.List;

/**
 * Three members of a serverless chat in one process, on this machine only: they find each other
 * through 127.255.255.255, each says a line, and each hears the other two. To chat across a LAN,
 * run {@code MeshChatDemo <name> lan} on each machine: it then asks the LAN's broadcast addresses.
 */
public final class MeshChatDemo {
    private static final String LOCAL = "lan://mesh-chat?targets=127.255.255.255&ipv6=false&interval=100ms";

    private MeshChatDemo() {}

    /**
     * Runs the demo, or one member on the LAN.
     *
     * @param args nothing for the demo; {@code <name> lan} for one member on the LAN
     * @throws InterruptedException if interrupted while pacing the loop
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length == 2 && args[1].equals("lan")) {
            try (MeshChat me = new MeshChat(args[0], "lan://mesh-chat", System.out::println)) {
                for (int frame = 0; frame < 60 * 60 * 10; frame++) { // ten minutes at 60 frames a second
                    me.poll();
                    if (frame % 600 == 300) {
                        me.sayToAll("hello from " + args[0]);
                    }
                    Thread.sleep(16);
                }
            }
            return;
        }
        demo();
        System.out.println("demo done: each member heard the other two");
    }

    /** Three members join, each says one line, each hears the other two; bounded to ten seconds. */
    static void demo() throws InterruptedException {
        List<MeshChat> members = new ArrayList<>();
        try {
            for (String name : List.of("ada", "grace", "linus")) {
                members.add(new MeshChat(name, LOCAL, System.out::println));
            }
            long end = System.nanoTime() + 10_000_000_000L;
            boolean said = false;
            while (System.nanoTime() < end && !members.stream().allMatch(m -> m.linesHeard() == 2)) {
                members.forEach(MeshChat::poll);
                if (!said && members.stream().allMatch(m -> m.members() == 2)) {
                    members.forEach(m -> m.sayToAll("hi, this is a chat with no server"));
                    said = true;
                }
                Thread.sleep(5);
            }
            if (!members.stream().allMatch(m -> m.linesHeard() == 2)) {
                throw new IllegalStateException("the members did not all hear each other within 10 s");
            }
        } finally {
            members.forEach(MeshChat::close);
        }
    }
}
