package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What the core relies on of every chat log, on the one it brings along. */
class ChatLogTest {

    private static ChatEntry entry(long seq) {
        return new ChatEntry(seq, "c" + seq % 3, seq, "s" + seq % 2, "text " + seq);
    }

    private static List<ChatEntry> entries(long from, long to) {
        List<ChatEntry> list = new ArrayList<>();
        for (long s = from; s < to; s++) {
            list.add(entry(s));
        }
        return list;
    }

    @Test
    void aPrefixStaysWhatItWasWhileTheLogGrowsAndASnapshotTakesItAsItIs() {
        ChatLog log = ChatLog.inMemory();
        entries(0, 5).forEach(log::append);
        List<ChatEntry> prefix = log.prefix(5);
        entries(5, 3000).forEach(log::append);

        assertThat(prefix).hasSize(5).isEqualTo(entries(0, 5));
        assertThat(log.hasPrefix(prefix)).isTrue();
        assertThat(log.hasPrefix(entries(0, 5))).isFalse();
        assertThat(ChatLog.inMemory().hasPrefix(prefix)).isFalse();
        assertThat(ChatLog.isPrefix(prefix)).isTrue();
        assertThat(new Snapshot(9, prefix).log()).isSameAs(prefix);
        assertThat(new Snapshot(9, entries(0, 5)).log()).isNotInstanceOf(ArrayList.class);
        assertThat(log.hasPrefix(prefix.subList(0, 2))).isTrue();
        assertThat(prefix.subList(1, 3)).isEqualTo(entries(1, 3));
        // Iterated in chunks, in order.
        assertThat(log.all()).isEqualTo(entries(0, 3000));
        assertThatThrownBy(() -> log.prefix(3001)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> prefix.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void appendsOnlyTheNextSeqAndReadsOnlyWhatItHolds() {
        ChatLog log = ChatLog.inMemory();
        assertThat(log.isEmpty()).isTrue();
        log.append(entry(0));
        log.append(entry(1));
        assertThatThrownBy(() -> log.append(entry(3))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.append(entry(1))).isInstanceOf(IllegalStateException.class);
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.get(1)).isEqualTo(entry(1));
        assertThat(log.range(0, 2)).isEqualTo(entries(0, 2));
        assertThatThrownBy(() -> log.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> log.range(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
