package paxoschat.chatlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paxoschat.paxos.ChatLogContract.entries;
import static paxoschat.paxos.ChatLogContract.entry;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.ChatLogContract;

/** The contract, on a log that keeps two to four entries in memory, and what only this log does. */
class SharedChatLogTest extends ChatLogContract {

    @Override
    protected ChatLog newLog() {
        return new SharedChatLog(new ListColdStore(), 2);
    }

    @Test
    void keepsOnlyTheNewestEntriesInMemoryAndReadsTheOthersFromTheColdStore() {
        ListColdStore cold = new ListColdStore();
        SharedChatLog log = new SharedChatLog(cold, 4);
        entries(0, 23).forEach(log::append);

        assertThat(log.size()).isEqualTo(23);
        // Between 4 and 8 in memory: 20 went cold in steps of 4, 3 stayed.
        assertThat(cold.size()).isEqualTo(16);
        assertThat(log.inMemory()).isEqualTo(7);
        for (long s = 0; s < 23; s++) {
            assertThat(log.get(s)).isEqualTo(entry(s));
        }
        assertThat(log.range(14, 19)).isEqualTo(entries(14, 19)); // across the boundary
        assertThat(log.range(3, 3)).isEmpty();
        assertThat(log.all()).isEqualTo(entries(0, 23));
        assertThatThrownBy(() -> log.get(23)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> log.range(20, 24)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aColdStoreThatFailsLeavesTheEntriesInMemory() {
        AtomicBoolean failing = new AtomicBoolean();
        ListColdStore inner = new ListColdStore();
        ChatLog log = new SharedChatLog(new ColdStore() {
            @Override
            public void write(List<ChatEntry> entries) {
                if (failing.get()) {
                    throw new IllegalStateException("disk full");
                }
                inner.write(entries);
            }

            @Override
            public List<ChatEntry> read(long from, long to) {
                return inner.read(from, to);
            }
        }, 2);
        entries(0, 4).forEach(log::append);
        failing.set(true);
        entries(4, 40).forEach(log::append);

        assertThat(inner.size()).isEqualTo(2);
        assertThat(log.all()).isEqualTo(entries(0, 40));
    }

    @Test
    void readersOnOtherThreadsSeeEveryEntryWhileTheNodeAppendsAndSpills() throws Exception {
        ChatLog log = new SharedChatLog(new ListColdStore(), 3);
        int total = 20_000;
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            long checks = 0;
            while (!done.get()) {
                long size = log.size();
                if (size > 0) {
                    long from = Math.max(0, size - 50);
                    List<ChatEntry> tail = log.range(from, size);
                    for (int i = 0; i < tail.size(); i++) {
                        if (tail.get(i).seq() != from + i) {
                            throw new AssertionError("entry " + tail.get(i).seq() + " at " + (from + i));
                        }
                    }
                    checks++;
                }
            }
            return checks;
        });
        for (long s = 0; s < total; s++) {
            log.append(entry(s));
        }
        done.set(true);
        assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(log.all()).isEqualTo(entries(0, total));
    }
}
