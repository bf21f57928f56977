package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's leading flags: --storage and --data-root, and the lines bad ones get. */
class MasterCliOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void withoutFlagsTheCommandIsLeftAsIs() {
        MasterCli.Options o = MasterCli.Options.parse(new String[] {"serve", "3"});
        assertThat(o.storage()).isNull();
        assertThat(o.dataRoot()).isNull();
        assertThat(o.command()).containsExactly("serve", "3");
    }

    @Test
    void aDataRootIsCreatedAndMadeAbsolute() {
        Path root = tmp.resolve("runs/1");
        MasterCli.Options o = MasterCli.Options.parse(
                new String[] {"--storage=disk", "--data-root=" + root, "serve", "3"});
        assertThat(o.storage()).isEqualTo("disk");
        assertThat(o.dataRoot()).isEqualTo(root.toAbsolutePath()).isDirectory();
        assertThat(o.command()).containsExactly("serve", "3");
    }

    @Test
    void badFlagsAreRefusedWithAReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> MasterCli.Options.parse(new String[] {"--storage=disk", "--data-root="}))
                .hasMessageContaining("needs a directory");
        assertThatThrownBy(() -> MasterCli.Options.parse(new String[] {"--storage=disk", "--data-root=" + file}))
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> MasterCli.Options.parse(
                new String[] {"--storage=memory", "--data-root=" + tmp.resolve("m"), "serve", "1"}))
                .hasMessageContaining("needs disk storage");
        assertThat(tmp.resolve("m")).as("nothing created for a refused combination").doesNotExist();
        // A script (no command: it comes on stdin) runs in memory unless told.
        assertThatThrownBy(() -> MasterCli.Options.parse(new String[] {"--data-root=" + tmp.resolve("s")}))
                .hasMessageContaining("needs --storage=disk when running a script");
        assertThat(tmp.resolve("s")).doesNotExist();
        assertThatThrownBy(() -> MasterCli.Options.parse(new String[] {"--datadir=x"}))
                .hasMessageContaining("unknown option --datadir=x");
    }
}
