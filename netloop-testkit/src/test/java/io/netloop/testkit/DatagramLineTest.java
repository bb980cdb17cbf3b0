package io.netloop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DatagramLineTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFullLineDropsItsOldestDatagram() {
        DatagramLine line = new DatagramLine();
        for (int i = 0; i < DatagramLine.MAX_DATAGRAMS; i++) {
            assertThat(line.add("to", datagram(i), i)).isZero();
        }

        assertThat(line.add("to", datagram(-1), 0)).isEqualTo(1);

        assertThat(ByteBuffer.wrap(line.headData()).getInt()).isEqualTo(1);
        assertThat(line.headDue()).isEqualTo(1);
        assertThat(line.clear()).isEqualTo(DatagramLine.MAX_DATAGRAMS);
        assertThat(line.isEmpty()).isTrue();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aLineHoldsAtMostItsByteBudget() {
        DatagramLine line = new DatagramLine();
        ByteBuffer big = ByteBuffer.allocate(60_000);
        int dropped = 0;
        for (int i = 0; i < 400; i++) {
            dropped += line.add("to", big.clear(), i);
        }
        long held = 400 - dropped;
        assertThat(held * 60_000).isLessThanOrEqualTo(DatagramLine.MAX_BYTES);
        assertThat(line.headDue()).isEqualTo(dropped);
    }

    private static ByteBuffer datagram(int n) {
        return ByteBuffer.allocate(4).putInt(0, n);
    }
}
