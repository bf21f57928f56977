package paxoschat.paxos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What the core relies on of every {@link ChatLog}; a test of an implementation extends it.
 * {@link #newLog()} should be one that is hard to get right: one that keeps few entries in
 * memory, say.
 */
public abstract class ChatLogContract {

    /** A new, empty log. */
    protected abstract ChatLog newLog();

    public static ChatEntry entry(long seq) {
        return new ChatEntry(seq, "c" + seq % 3, seq, "s" + seq % 2, "text " + seq);
    }

    /** Entries {@code [from, to)}. */
    public static List<ChatEntry> entries(long from, long to) {
        List<ChatEntry> list = new ArrayList<>();
        for (long s = from; s < to; s++) {
            list.add(entry(s));
        }
        return list;
    }

    @Test
    public void aPrefixStaysWhatItWasWhileTheLogGrowsAndASnapshotTakesItAsItIs() {
        ChatLog log = newLog();
        entries(0, 5).forEach(log::append);
        List<ChatEntry> prefix = log.prefix(5);
        entries(5, 3000).forEach(log::append);

        assertThat(prefix).hasSize(5).isEqualTo(entries(0, 5));
        assertThat(log.hasPrefix(prefix)).isTrue();
        assertThat(log.hasPrefix(entries(0, 5))).isFalse();
        assertThat(newLog().hasPrefix(prefix)).isFalse();
        assertThat(ChatLog.isPrefix(prefix)).isTrue();
        assertThat(new Snapshot(9, prefix).log()).isSameAs(prefix);
        List<ChatEntry> copy = entries(0, 5);
        assertThat(new Snapshot(9, copy).log()).as("any other list is copied").isNotSameAs(copy).isEqualTo(copy);
        assertThat(prefix.subList(0, 2)).isEqualTo(entries(0, 2));
        assertThat(log.hasPrefix(prefix.subList(0, 2))).isTrue();
        assertThat(prefix.subList(1, 3)).isEqualTo(entries(1, 3));
        // Iterated in chunks, in order.
        assertThat(log.all()).isEqualTo(entries(0, 3000));
        assertThatThrownBy(() -> log.prefix(3001)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> prefix.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    public void appendsOnlyTheNextSeqAndReadsOnlyWhatItHolds() {
        ChatLog log = newLog();
        assertThat(log.isEmpty()).isTrue();
        entries(0, 20).forEach(log::append);
        assertThatThrownBy(() -> log.append(entry(21))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.append(entry(19))).isInstanceOf(IllegalStateException.class);
        assertThat(log.size()).isEqualTo(20);
        for (long s = 0; s < 20; s++) {
            assertThat(log.get(s)).isEqualTo(entry(s));
        }
        assertThat(log.range(3, 17)).isEqualTo(entries(3, 17));
        assertThat(log.range(3, 3)).isEmpty();
        assertThatThrownBy(() -> log.get(20)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> log.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> log.range(15, 21)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
