package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's command line: flags, serve N, server settings, and the lines bad ones get. */
class MasterOptionsTest {

    @TempDir
    Path tmp;

    private static MasterOptions parse(String... args) {
        return MasterOptions.parse(args);
    }

    @Test
    void withoutFlagsAScriptRunsOnDiskOnLoopbackAtFreePorts() {
        MasterOptions o = parse();
        assertThat(o.memory()).isFalse();
        assertThat(o.dataRoot()).isNull();
        assertThat(o.serving()).isFalse();
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.basePort()).isZero();
        assertThat(o.settings()).isEmpty();
    }

    @Test
    void serveTakesItsCountAndFlagsOnEitherSide() {
        MasterOptions o = parse("--storage=memory", "serve", "3", "--base-port=9100", "--paxos.window=8",
                "--logging.level.paxoschat=DEBUG");
        assertThat(o.memory()).isTrue();
        assertThat(o.serve()).isEqualTo(3);
        assertThat(o.basePort()).isEqualTo(9100);
        assertThat(o.settings()).containsExactly("--paxos.window=8", "--logging.level.paxoschat=DEBUG");
    }

    @Test
    void aDataRootIsCreatedAndMadeAbsoluteForScriptsToo() {
        Path root = tmp.resolve("runs/1");
        MasterOptions o = parse("--data-root=" + root);
        assertThat(o.memory()).isFalse();
        assertThat(o.dataRoot()).isEqualTo(root.toAbsolutePath()).isDirectory();
    }

    @Test
    void helpAndVersionWinOverEverythingElse() {
        assertThat(parse("serve", "x", "--help").help()).isTrue();
        assertThat(parse("-h").help()).isTrue();
        assertThat(parse("--bogus=1", "--version").version()).isTrue();
        assertThat(parse("--help", "--version").version()).as("help wins").isFalse();
    }

    @Test
    void theHelpTextNamesEveryOption() throws Exception {
        assertThat(MasterCli.help()).contains("--storage=disk", "--storage=memory", "--data-root=DIR", "--host=",
                "--base-port=", "--NAME=VALUE", "serve N", "--help", "--version");
    }

    @Test
    void badFlagsAreRefusedWithAReason() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> parse("--data-root=")).hasMessageContaining("needs a directory");
        assertThatThrownBy(() -> parse("--data-root=" + file)).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> parse("--storage=memory", "--data-root=" + tmp.resolve("m"), "serve", "1"))
                .hasMessageContaining("needs disk storage");
        assertThat(tmp.resolve("m")).as("nothing created for a refused combination").doesNotExist();
        assertThatThrownBy(() -> parse("--storage=tape")).hasMessageContaining("disk or memory");
        assertThatThrownBy(() -> parse("--storage=disk", "--storage=memory")).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("--datadir=x")).hasMessageContaining("unknown option --datadir=x");
        assertThatThrownBy(() -> parse("-x")).hasMessageContaining("unknown option -x");
        assertThatThrownBy(() -> parse("serve")).hasMessageContaining("serve N");
        assertThatThrownBy(() -> parse("serve", "0")).hasMessageContaining("from 1 to");
        assertThatThrownBy(() -> parse("serve", "3", "4")).hasMessageContaining("unexpected serve 3 4");
        assertThatThrownBy(() -> parse("start", "3")).hasMessageContaining("unexpected start 3");
        assertThatThrownBy(() -> parse("--base-port=70000")).hasMessageContaining("--base-port");
        assertThatThrownBy(() -> parse("--host=")).hasMessageContaining("--host");
        assertThatThrownBy(() -> parse("--host=0.0.0.0")).hasMessageContaining("wildcard");
    }

    @Test
    void settingsTheMasterOwnsAreRefusedInAnySpelling() {
        for (String owned : new String[] {"--server.port=1", "--paxos.node-id=1", "--paxos.nodeId=1",
            "--paxos.peers=x", "--PAXOS.STORAGE=disk", "--paxos.data_dir=x", "--paxos.amnesiac=true",
            "--paxos.exit-with-parent=false", "--server.address=1.2.3.4"}) {
            assertThatThrownBy(() -> parse("serve", "1", owned)).as(owned).hasMessageContaining("set by the master");
        }
        assertThatThrownBy(() -> parse("--paxos.window=8\nx")).hasMessageContaining("one line");
    }
}
