package io.netloop.examples.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MeshChatTest {
    @Test
    void membersFindEachOtherAndEachHearsEveryOtherOnceWithNoServer() throws IOException {
        String lan = "lan://mesh-chat-test?port=" + freeUdpPort() + "&targets=127.255.255.255&ipv6=false&interval=50ms";
        List<String> heard = new ArrayList<>();
        List<MeshChat> members = new ArrayList<>();
        try {
            for (String name : List.of("ada", "grace", "linus", "joan")) {
                members.add(new MeshChat(name, lan, heard::add));
            }
            pollUntil(members, () -> members.stream().allMatch(m -> m.members() == 3));
            for (MeshChat m : members) {
                assertThat(m.sayToAll("line")).isEqualTo(3);
            }
            pollUntil(members, () -> members.stream().allMatch(m -> m.linesHeard() == 3));
            assertThat(heard).contains("[ada] grace: line", "[ada] linus: line", "[ada] joan: line");
            assertThat(heard.stream().filter(l -> l.endsWith(": line"))).hasSize(12);

            members.remove(3).close(); // joan leaves
            pollUntil(members, () -> members.stream().allMatch(m -> m.members() == 2));
            assertThat(heard.stream().filter(l -> l.contains("a member left"))).hasSize(3);
        } finally {
            members.forEach(MeshChat::close);
        }
    }

    @Test
    void theDemoRunsToTheEnd() throws InterruptedException {
        MeshChatDemo.demo();
    }

    private static void pollUntil(List<MeshChat> members, java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            members.forEach(MeshChat::poll);
        }
        assertThat(done.getAsBoolean()).as("reached within 10 s").isTrue();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
            return ((InetSocketAddress)
                            c.bind(new InetSocketAddress("127.0.0.1", 0)).getLocalAddress())
                    .getPort();
        }
    }
}
