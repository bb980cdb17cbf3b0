package io.netloop.loops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README shows exactly the classes this module compiles, so its snippets cannot go stale. */
@Timeout(10)
class ReadmeSnippetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"gdx/NetGame.java", "fx/NetApp.java", "jme/NetState.java"})
    void theReadmeShowsTheCompiledSourceWithoutItsPackageLine(String file) throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/netloop/loops", file));
        String shown = source.replaceFirst("(?s)^package [^;]+;\\s*", "").strip();
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme).as("README.md shows %s as it compiles", file).contains(shown);
    }
}
