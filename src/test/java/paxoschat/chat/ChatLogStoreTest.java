package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
        await().atMost(Duration.ofSeconds(5)).until(poll::isDone);
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

    @Test
    void aPageHoldsAtMostItsBytesButAlwaysOneEntry() {
        ChatLog log = new SharedChatLog(new ListColdStore(), 2);
        String longest = "\uD83D\uDE00".repeat(5_000);
        for (long s = 0; s < 300; s++) {
            log.append(new ChatEntry(s, "c", s + 1, "alice", longest));
        }
        ChatLogStore store = new ChatLogStore(new ChatProperties(org.springframework.util.unit.DataSize.ofKilobytes(100), 4));
        store.attach(log);
        ChatLogStore.Slice page = store.read(0, 10_000);
        assertThat(page.entries()).hasSize(3); // 30 KB each
        assertThat(page.next()).isEqualTo(3);
        assertThat(store.read(3, 10_000).entries().get(0).seq()).isEqualTo(3);
        ChatLogStore tiny = new ChatLogStore(new ChatProperties(org.springframework.util.unit.DataSize.ofBytes(1), 4));
        tiny.attach(log);
        assertThat(tiny.read(7, 10_000).entries()).extracting(ChatEntry::seq).containsExactly(7L);
    }

    @Test
    void longPollsBeyondTheCapAreRefusedAtOnceAndWakeOffTheAppendingThread() throws Exception {
        ChatLog log = new SharedChatLog();
        ChatLogStore store = new ChatLogStore(new ChatProperties(org.springframework.util.unit.DataSize.ofMegabytes(1), 2));
        store.attach(log);
        CompletableFuture<Void> first = store.longPoll(0);
        CompletableFuture<Void> second = store.longPoll(0);
        assertThat(store.longPoll(0)).isCompletedExceptionally();
        java.util.concurrent.atomic.AtomicReference<Thread> woke = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<Void> seen = first.thenRun(() -> woke.set(Thread.currentThread()));
        log.append(entry(0));
        store.append(List.of(entry(0)));
        seen.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(woke.get()).isNotEqualTo(Thread.currentThread());
        await().atMost(Duration.ofSeconds(5)).until(() -> second.isDone() && store.longPolls() == 0);
        assertThat(store.longPoll(1)).isNotDone();
    }
}
