package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import paxoschat.chatlog.ListColdStore;
import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;

class ChatLogStoreTest {

    private static ChatEntry entry(long seq) {
        return new ChatEntry(seq, "c", seq + 1, "alice", "text " + seq);
    }

    @Test
    void showsTheNodesLogUpToWhatTheNodeAppendedAndWakesLongPolls() {
        ChatLog log = new SharedChatLog(new ListColdStore(), 2);
        for (long s = 0; s < 10; s++) {
            log.append(entry(s));
        }
        ChatLogStore store = new ChatLogStore();
        store.attach(log);
        assertThat(store.length()).isEqualTo(10);
        assertThat(store.read(3, 4).entries()).containsExactly(entry(3), entry(4), entry(5), entry(6));

        CompletableFuture<Void> poll = store.awaitEntry(10);
        log.append(entry(10));
        assertThat(store.read(0, 100).length()).as("in the log, not performed yet").isEqualTo(10);
        assertThat(poll).isNotDone();
        store.append(List.of(entry(10)));
        assertThat(poll).isDone();
        assertThat(store.read(9, 100).entries()).containsExactly(entry(9), entry(10));
        assertThat(store.read(50, 10).next()).isEqualTo(50);
    }

    @Test
    void refusesEntriesTheLogDoesNotHoldAndASecondLog() {
        ChatLogStore store = new ChatLogStore();
        ChatLog log = new SharedChatLog();
        store.attach(log);
        assertThatThrownBy(() -> store.append(List.of(entry(0)))).isInstanceOf(IllegalStateException.class);
        log.append(entry(0));
        store.append(List.of(entry(0)));
        assertThatThrownBy(() -> store.attach(new SharedChatLog())).isInstanceOf(IllegalStateException.class);
        assertThat(store.length()).isEqualTo(1);
    }
}
