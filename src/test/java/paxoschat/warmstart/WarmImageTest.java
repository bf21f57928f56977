package paxoschat.warmstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarmImageTest {

    @TempDir
    Path dir;

    @Test
    void readsThePipesOfTheTemplate() throws IOException {
        Files.createDirectories(dir.resolve(WarmImage.IMAGES));
        Files.writeString(dir.resolve(WarmImage.PIPES_FILE), "pipe:[11]\npipe:[22]\npipe:[33]\n");
        WarmImage image = WarmImage.read(dir, List.of("/opt/criu"));
        assertThat(image.stdin()).isEqualTo("pipe:[11]");
        assertThat(image.stdout()).isEqualTo("pipe:[22]");
        assertThat(image.stderr()).isEqualTo("pipe:[33]");
    }

    @Test
    void theRestoreConnectsTheTemplatesPipesToItsOwnStreams() {
        WarmImage image = new WarmImage(dir, List.of("/lib/ld.so", "--library-path", "/lib", "/sbin/criu"),
                "pipe:[11]", "pipe:[22]", "pipe:[33]");
        List<String> command = image.restoreCommand(Path.of("logs/server-1.pid"), Path.of("logs/server-1.restore.log"));
        assertThat(command).startsWith("/lib/ld.so", "--library-path", "/lib", "/sbin/criu", "restore");
        assertThat(command).containsSubsequence("--images-dir", dir.resolve("images").toAbsolutePath().toString());
        assertThat(command).containsSubsequence("--pidfile", Path.of("logs/server-1.pid").toAbsolutePath().toString());
        assertThat(command).containsSubsequence("--log-file", Path.of("logs/server-1.restore.log").toAbsolutePath().toString());
        assertThat(command).containsSubsequence("--inherit-fd", "fd[0]:pipe:[11]", "--inherit-fd", "fd[1]:pipe:[22]",
                "--inherit-fd", "fd[2]:pipe:[33]");
        // Not detached: CRIU stays the server's parent, and the master's handle on it.
        assertThat(command).doesNotContain("-d", "--restore-detached");
    }

    @Test
    void anIncompleteImageIsRefused() throws IOException {
        Files.writeString(dir.resolve(WarmImage.PIPES_FILE), "pipe:[11]\npipe:[22]\npipe:[33]\n");
        assertThatThrownBy(() -> WarmImage.read(dir, List.of("criu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no images directory");
        Files.createDirectories(dir.resolve(WarmImage.IMAGES));
        Files.writeString(dir.resolve(WarmImage.PIPES_FILE), "pipe:[11]\npipe:[22]\n");
        assertThatThrownBy(() -> WarmImage.read(dir, List.of("criu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name 3 pipes");
        Files.writeString(dir.resolve(WarmImage.PIPES_FILE), "pipe:[11]\n/tmp/file\npipe:[33]\n");
        assertThatThrownBy(() -> WarmImage.read(dir, List.of("criu")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a pipe");
    }

    @Test
    void noImageUnlessTheSystemPropertiesNameAWholeOne() throws IOException {
        String image = System.getProperty(WarmImage.IMAGE_PROPERTY);
        String criu = System.getProperty(WarmImage.CRIU_PROPERTY);
        try {
            System.clearProperty(WarmImage.IMAGE_PROPERTY);
            System.clearProperty(WarmImage.CRIU_PROPERTY);
            assertThat(WarmImage.fromSystemProperties()).isEmpty();
            System.setProperty(WarmImage.IMAGE_PROPERTY, dir.toString());
            System.setProperty(WarmImage.CRIU_PROPERTY, "/opt/criu");
            assertThat(WarmImage.fromSystemProperties()).isEmpty(); // no pipes file
            Files.createDirectories(dir.resolve(WarmImage.IMAGES));
            Files.writeString(dir.resolve(WarmImage.PIPES_FILE), "pipe:[11]\npipe:[22]\npipe:[33]\n");
            assertThat(WarmImage.fromSystemProperties()).get()
                    .extracting(WarmImage::criu).isEqualTo(List.of("/opt/criu"));
        } finally {
            restore(WarmImage.IMAGE_PROPERTY, image);
            restore(WarmImage.CRIU_PROPERTY, criu);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
