package paxoschat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The documented application.yml at the repository root is what the server really loads. */
class ApplicationYmlTest {

    @Test
    void rootApplicationYmlIsTheOneOnTheClassPath() throws Exception {
        String root = Files.readString(Path.of("application.yml"));
        String loaded = Files.readString(Path.of("src/main/resources/application.yml"));
        assertThat(loaded).as("src/main/resources/application.yml must equal ./application.yml").isEqualTo(root);
    }
}
