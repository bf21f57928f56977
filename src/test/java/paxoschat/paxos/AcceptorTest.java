package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AcceptorTest {

    private final Acceptor acceptor = new Acceptor();
    private final Outbox out = new Outbox(0, 3);
    private final Batch hello = new Batch(List.of(new Command("c", 1, "0", "hello")));

    @Test
    void promisesOnlyHigherBallots() {
        assertThat(acceptor.onP1a(0, new Message.P1a(1, new Ballot(2, 1), 0), 0, out).ballot()).isEqualTo(new Ballot(2, 1));
        Message.P1b reply = acceptor.onP1a(0, new Message.P1a(2, new Ballot(1, 2), 0), 0, out);
        assertThat(reply.ballot()).as("a lower ballot learns the promise that beats it").isEqualTo(new Ballot(2, 1));
    }

    @Test
    void acceptsAtOrAbovePromiseAndSaysSo() {
        acceptor.onP1a(0, new Message.P1a(1, new Ballot(2, 1), 0), 0, out);
        Message.P2b refused = acceptor.onP2a(0, new Message.P2a(2, new Ballot(1, 2), 0, hello), out);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.ballot()).isEqualTo(new Ballot(2, 1));
        Message.P2b ok = acceptor.onP2a(0, new Message.P2a(1, new Ballot(2, 1), 0, hello), out);
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.ballot()).isEqualTo(new Ballot(2, 1));
    }

    @Test
    void reportsOnlyPvaluesFromTheAskedSlotOn() {
        acceptor.onP2a(0, new Message.P2a(1, new Ballot(1, 1), 0, hello), out);
        acceptor.onP2a(0, new Message.P2a(1, new Ballot(1, 1), 5, Batch.NOOP), out);
        Message.P1b reply = acceptor.onP1a(0, new Message.P1a(1, new Ballot(2, 1), 3), 0, out);
        assertThat(reply.accepted()).extracting(PValue::slot).containsExactly(5L);
    }

    @Test
    void restoreKeepsTheHigherBallotPerSlot() {
        acceptor.onP2a(0, new Message.P2a(1, new Ballot(3, 1), 0, hello), out);
        acceptor.restore(new Ballot(4, 0), Map.of(0L, new PValue(new Ballot(2, 2), 0, Batch.NOOP),
                1L, new PValue(new Ballot(2, 2), 1, hello)), out);
        Message.P1b reply = acceptor.onP1a(0, new Message.P1a(1, new Ballot(1, 1), 0), 0, out);
        assertThat(reply.ballot()).isEqualTo(new Ballot(4, 0));
        assertThat(reply.accepted()).containsExactly(new PValue(new Ballot(3, 1), 0, hello),
                new PValue(new Ballot(2, 2), 1, hello));
    }
}
