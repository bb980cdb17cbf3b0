package io.netloop.codec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    enum Direction {
        NORTH,
        EAST,
        SOUTH,
        WEST
    }

    enum Team {
        RED,
        BLUE
    }

    record Item(String name, Integer qty) {}

    record Move(int x, int y, Optional<Direction> heading, List<Map<String, int[]>> marks) {}

    record Snapshot(long tick, Set<Team> teams, Map<String, List<Item>> items, byte[] blob, Direction wind) {}

    @Test
    void canonicalTextIsExactlyAsDocumented() throws Exception {
        RealCodec codec =
                new RealCodec(List.of(Move.class, Item.class, Snapshot.class), new Limits(32, 65_536, 65_536, 1 << 20));
        String expected = "netloop-codec 1\n"
                + "0 Move(int x, int y, Optional<Direction> heading, List<Map<String, int[]>> marks)\n"
                + "1 Item(String name, Integer qty)\n"
                + "2 Snapshot(long tick, Set<Team> teams, Map<String, List<Item>> items, byte[] blob,"
                + " Direction wind)\n"
                + "enum Direction(NORTH, EAST, SOUTH, WEST)\n"
                + "enum Team(RED, BLUE)\n";
        assertThat(codec.canonicalText()).isEqualTo(expected);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(codec.fingerprint()).isEqualTo(Arrays.copyOf(sha, 16));
    }
}
