package paxoschat.warmstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerArgumentsTest {

    @Test
    void argumentsSurviveTheTripThroughAPipe() throws IOException {
        List<String> args = List.of("--server.port=8001", "--paxos.data-dir=/tmp/dir with spaces/ünïcode",
                "--paxos.peers=http://127.0.0.1:8000,http://127.0.0.1:8001");
        assertThat(ServerArguments.decode(new ByteArrayInputStream(ServerArguments.encode(args)))).contains(args);
    }

    @Test
    void noArgumentsIsJustTheEmptyLine() throws IOException {
        assertThat(ServerArguments.encode(List.of())).containsExactly('\n');
        assertThat(ServerArguments.decode(new ByteArrayInputStream(new byte[] {'\n'}))).contains(List.of());
    }

    @Test
    void theReaderTakesNothingBeyondTheEmptyLine() throws IOException {
        byte[] after = "what the server's parent watcher reads".getBytes(StandardCharsets.UTF_8);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(ServerArguments.encode(List.of("--a=1"))),
                new ByteArrayInputStream(after));
        assertThat(ServerArguments.decode(in)).contains(List.of("--a=1"));
        assertThat(in.readAllBytes()).isEqualTo(after);
    }

    @Test
    void inputThatEndsBeforeTheEmptyLineSaysWhoToBeNot() throws IOException {
        assertThat(ServerArguments.decode(new ByteArrayInputStream(new byte[0]))).isEmpty();
        assertThat(ServerArguments.decode(new ByteArrayInputStream("--a=1\n--b=2".getBytes(StandardCharsets.UTF_8))))
                .isEmpty();
    }

    @Test
    void anArgumentThatIsNotOneLineIsRefused() {
        assertThatThrownBy(() -> ServerArguments.encode(List.of("--a=1\n--b=2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one non-empty line");
        assertThatThrownBy(() -> ServerArguments.encode(List.of("--a=1\r")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerArguments.encode(List.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
