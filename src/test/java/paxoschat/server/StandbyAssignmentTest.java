package paxoschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class StandbyAssignmentTest {

    @Test
    void theLineCarriesTheLogFileAndEveryArgumentAndNothingPastItIsRead() throws IOException {
        List<String> args = List.of("--server.port=4711", "--paxos.data-dir=/tmp/with space/node-1", "--x=");
        String line = StandbyAssignment.line(Path.of("/logs/server-1.log"), args);
        ByteArrayInputStream in = new ByteArrayInputStream((line + "rest").getBytes(StandardCharsets.UTF_8));

        assertThat(StandbyAssignment.read(in)).containsExactly("/logs/server-1.log", "--server.port=4711",
                "--paxos.data-dir=/tmp/with space/node-1", "--x=");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("rest");
    }

    @Test
    void endOfInputBeforeANewlineMeansTheMasterIsGone() throws IOException {
        assertThat(StandbyAssignment.read(new ByteArrayInputStream(new byte[0]))).isNull();
        assertThat(StandbyAssignment.read(new ByteArrayInputStream("/log\0--a".getBytes(StandardCharsets.UTF_8))))
                .isNull();
    }

    @Test
    void malformedLinesAndArgumentsAreRefused() {
        assertThatThrownBy(() -> StandbyAssignment.read(new ByteArrayInputStream("/log only\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad assignment");
        assertThatThrownBy(() -> StandbyAssignment.line(Path.of("/l"), List.of("a\nb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newline");
        assertThatThrownBy(() -> StandbyAssignment.line(Path.of("/l"), List.of("a\0b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
}
