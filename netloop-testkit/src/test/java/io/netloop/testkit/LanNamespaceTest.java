package io.netloop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LAN discovery with its defaults, for real: two network namespaces made by this test, joined by
 * a veth pair, a host advertising in one and a player discovering and connecting with {@code
 * lan://} in the other, each in a JVM of its own. No traffic leaves the namespaces. Needs Linux,
 * root and iproute2 (CI has them); elsewhere the test is skipped and says why.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LanNamespaceTest {
    private final String suffix = Long.toString(ProcessHandle.current().pid());
    private final String hostNs = "nl-host-" + suffix;
    private final String playerNs = "nl-player-" + suffix;

    @Test
    void theDefaultBroadcastFindsAndJoinsAHostInAnotherNamespace() throws Exception {
        makeNamespaces(true);
        assertPlayerFindsAndJoinsHost("DISCOVERED udp://10.77.0.1:", "CONNECTED /10.77.0.1:");
    }

    @Test
    void ipv6LinkLocalMulticastFindsAndJoinsAHostOnALinkWithoutIpv4() throws Exception {
        makeNamespaces(false);
        assertPlayerFindsAndJoinsHost("DISCOVERED udp://[fe80:", "CONNECTED /[fe80:");
    }

    private void assertPlayerFindsAndJoinsHost(String discovered, String connected) throws Exception {
        Process host = null;
        try {
            host = java(hostNs, "advertise");
            String ready = new String(host.getInputStream().readNBytes("ADVERTISING".length()), StandardCharsets.UTF_8);
            assertThat(ready).isEqualTo("ADVERTISING");
            Process player = java(playerNs, "discover");
            boolean ended = player.waitFor(40, TimeUnit.SECONDS);
            String out = new String(player.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ended).as("the player ended; it printed: %s", out).isTrue();
            assertThat(player.exitValue())
                    .as("the player's exit; it printed: %s", out)
                    .isZero();
            assertThat(out).contains(discovered, "from the other namespace", connected);
        } finally {
            if (host != null) {
                host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            run(false, "ip", "netns", "del", hostNs);
            run(false, "ip", "netns", "del", playerNs);
        }
    }

    /** Two namespaces joined by veth: over IPv4 only, or over IPv6 link-local addresses only. */
    private void makeNamespaces(boolean ipv4) throws IOException, InterruptedException {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            abort("network namespaces are a Linux feature; this machine runs " + System.getProperty("os.name"));
        }
        if (!run(false, "ip", "netns", "add", hostNs)) {
            abort("cannot create a network namespace here (needs root and iproute2's ip): skipped");
        }
        run(true, "ip", "netns", "add", playerNs);
        String hostLink = "vh" + suffix;
        String playerLink = "vp" + suffix;
        run(
                true,
                "ip",
                "link",
                "add",
                hostLink,
                "netns",
                hostNs,
                "type",
                "veth",
                "peer",
                "name",
                playerLink,
                "netns",
                playerNs);
        String[][] links = {{hostNs, hostLink, "10.77.0.1/24"}, {playerNs, playerLink, "10.77.0.2/24"}};
        for (String[] l : links) {
            if (ipv4) {
                run(true, "ip", "netns", "exec", l[0], "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
                run(true, "ip", "-n", l[0], "addr", "add", l[2], "broadcast", "10.77.0.255", "dev", l[1]);
            }
            run(true, "ip", "-n", l[0], "link", "set", "lo", "up");
            run(true, "ip", "-n", l[0], "link", "set", l[1], "up");
        }
        for (String[] l : ipv4 ? new String[0][] : links) {
            // A link-local address is usable once duplicate address detection has finished.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String addr = "";
            while (System.nanoTime() < end) {
                addr = output("ip", "-n", l[0], "-6", "addr", "show", "dev", l[1]);
                if (addr.contains("inet6 fe80") && !addr.contains("tentative")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(addr)
                    .as("a link-local address on %s", l[1])
                    .contains("inet6 fe80")
                    .doesNotContain("tentative");
        }
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Starts {@link LanNamespaceMain} with {@code mode} in namespace {@code ns}, on this JVM's class path. */
    private static Process java(String ns, String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                ns,
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LanNamespaceMain.class.getName(),
                mode));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static boolean run(boolean mustWork, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (mustWork) {
                throw e;
            }
            return false; // no ip command at all
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (mustWork && !ok) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return ok;
    }
}
