package paxoschat.jepsen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the linearizable reader counts as a stale read. */
class LinearizableReaderTest {

    private static final Acknowledged.Ack ACK = new Acknowledged.Ack("c1", 7, 41);

    @Test
    void aPageThatBeginsWithTheAcknowledgedWriteIsFine() {
        ChatApi.Page page = new ChatApi.Page(List.of(new LogEntry(41, "writer-1", "c1 #7", "c1", 7)), 42, null);
        assertThat(LinearizableReader.check(ACK, page)).isNull();
    }

    @Test
    void aPageThatEndsBeforeTheAcknowledgedWriteIsStale() {
        assertThat(LinearizableReader.check(ACK, new ChatApi.Page(List.of(), 41, null)))
                .contains("misses c1/7, acknowledged at seq 41");
    }

    @Test
    void anotherWriteAtItsSeqIsAViolation() {
        ChatApi.Page page = new ChatApi.Page(List.of(new LogEntry(41, "writer-2", "c2 #3", "c2", 3)), 42, null);
        assertThat(LinearizableReader.check(ACK, page)).contains("seq 41 was acknowledged to c1/7");
    }

    @Test
    void theHighestAcknowledgedSeqWins() {
        Acknowledged acked = new Acknowledged();
        assertThat(acked.highest()).isNull();
        acked.add("a", 1, 5);
        acked.add("b", 1, 3);
        assertThat(acked.highest()).isEqualTo(new Acknowledged.Ack("a", 1, 5));
    }
}
