package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import paxoschat.master.ServerApi.ChatlogPage;
import paxoschat.master.ServerApi.LogEntry;
import paxoschat.master.ServerApi.OutgoingMessage;

class ChatClientTest {

    private final FakeCluster cluster = new FakeCluster();
    private final FakeClock clock = new FakeClock();
    private final List<String> diagnostics = new ArrayList<>();

    private ChatClient client(int index) {
        return new ChatClient(index, "c" + index, cluster, clock, diagnostics::add);
    }

    @Test
    void numbersRequestsAndSendsAsItsIndexToItsOwnServerFirst() throws IOException {
        cluster.start(3);
        ChatClient c = client(4);
        c.submit("a");
        c.submit("b");
        assertThat(cluster.server(1).posts).isEqualTo(2); // 4 % 3
        assertThat(cluster.decided()).extracting(LogEntry::sender, LogEntry::text, LogEntry::requestId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("4", "a", 1L),
                        org.assertj.core.groups.Tuple.tuple("4", "b", 2L));
        assertThat(c.settled()).isFalse(); // confirmed but not learned yet
        c.learnFrom(cluster.api(0));
        assertThat(c.settled()).isTrue();
        assertThat(c.log()).hasSize(2);
    }

    @Test
    void keepsOnlyOneUndecidedMessageAtTheServersAndQueuesTheRest() throws IOException {
        cluster.start(3);
        cluster.holdDecisions = true;
        ChatClient c = client(0);
        c.submit("first");
        c.submit("second");
        c.submit("third");
        assertThat(cluster.server(0).posts).isEqualTo(1);
        assertThat(c.hasUndecided()).isTrue();
        cluster.holdDecisions = false;
        cluster.progress();
        c.learnFrom(cluster.api(0)); // learns "first", then sends "second" (decided at once) and "third"
        c.learnFrom(cluster.api(0));
        assertThat(c.log()).extracting(LogEntry::text).containsExactly("first", "second", "third");
        assertThat(c.settled()).isTrue();
    }

    @Test
    void retransmitsAPendingMessageToALiveServerWithTheSameRequestId() {
        cluster.start(5);
        cluster.holdDecisions = true;
        ChatClient c = client(0);
        c.submit("m");
        cluster.crash(0); // it held the only copy
        cluster.holdDecisions = false;
        assertThat(c.tick()).isFalse(); // too early
        clock.advance(ChatClient.RETRANSMIT_MILLIS);
        assertThat(c.tick()).isTrue();
        assertThat(cluster.server(1).posts).isEqualTo(1);
        assertThat(cluster.decided()).singleElement().extracting(LogEntry::requestId).isEqualTo(1L);
        assertThat(c.hasUndecided()).isFalse();
    }

    @Test
    void aRetryOfADecidedRequestIsNotASecondMessage() {
        cluster.start(3);
        cluster.holdDecisions = true;
        ChatClient c = client(0);
        c.submit("once");
        cluster.holdDecisions = false;
        cluster.progress();
        clock.advance(ChatClient.RETRANSMIT_MILLIS);
        c.tick();
        clock.advance(ChatClient.RETRANSMIT_MILLIS);
        c.tick();
        assertThat(cluster.decided()).hasSize(1);
    }

    @Test
    void skipsDeadAndUnreadyServers() {
        cluster.start(3);
        cluster.crash(0);
        cluster.server(1).ready = false;
        ChatClient c = client(0);
        c.submit("x");
        assertThat(cluster.server(2).posts).isEqualTo(1);
        assertThat(cluster.decided()).hasSize(1);
    }

    @Test
    void theLogOnlyGrowsAndRefusesAGap() throws IOException {
        ChatClient c = client(0);
        cluster.start(1);
        ServerApi gappy = new ServerApi() {
            int calls;

            @Override
            public java.util.Optional<PaxosHealth> health() {
                return java.util.Optional.empty();
            }

            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public SendOutcome send(OutgoingMessage message) {
                return new SendOutcome.Pending();
            }

            @Override
            public ChatlogPage chatlog(long from, int limit) {
                calls++;
                if (calls == 1) {
                    return new ChatlogPage(List.of(entry(0, "a"), entry(1, "b")), 2, 2);
                }
                if (calls == 2) {
                    return new ChatlogPage(List.of(entry(1, "b"), entry(2, "c")), 3, 3); // overlap
                }
                return new ChatlogPage(List.of(entry(5, "gap")), 6, 6);
            }

            @Override
            public void timeBomb(int messages) {
            }
        };
        assertThat(c.learnFrom(gappy)).isEqualTo(2);
        assertThat(c.learnFrom(gappy)).isEqualTo(1);
        assertThat(c.learnFrom(gappy)).isZero();
        assertThat(c.log()).extracting(LogEntry::text).containsExactly("a", "b", "c");
        assertThat(diagnostics).hasSize(1);
    }

    @Test
    void aRejectedMessageIsDroppedWithOneDiagnosticAndTheNextOneGoes() {
        cluster.start(3);
        ChatClient c = client(0);
        c.submit("x".repeat(10_001));
        c.submit("ok");
        assertThat(diagnostics).hasSize(1);
        assertThat(cluster.decided()).extracting(LogEntry::text).containsExactly("ok");
    }

    private static LogEntry entry(long seq, String text) {
        return new LogEntry(seq, "0", text, "other", seq + 1);
    }
}
