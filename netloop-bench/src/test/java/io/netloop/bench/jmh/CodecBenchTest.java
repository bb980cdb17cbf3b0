package io.netloop.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The codec benchmark measures real work: each of its three codecs gives the message back intact. */
@Timeout(30)
class CodecBenchTest {

    @ParameterizedTest
    @ValueSource(strings = {"move", "chat", "snapshot"})
    void everyCodecRoundTripsTheMessage(String message) {
        CodecBench bench = new CodecBench();
        bench.message = message;
        bench.setUp();
        Object original =
                switch (message) {
                    case "move" -> CodecMessages.move();
                    case "chat" -> CodecMessages.chat();
                    default -> CodecMessages.snapshot();
                };

        for (int i = 0; i < 3; i++) { // the reused buffers stay clean from one message to the next
            assertThat(bench.netloop()).isEqualTo(original);
            assertThat(bench.kryo()).isEqualTo(original);
            assertThat(bench.javaSerialization()).isEqualTo(original);
        }
    }
}
