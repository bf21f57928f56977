package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.paxos.ChatEntry;

class ChatLogFileTest {

    @TempDir
    Path dir;

    private static List<ChatEntry> entries(long from, long to) {
        List<ChatEntry> list = new ArrayList<>();
        for (long s = from; s < to; s++) {
            // Lengths vary, so the index cannot get away with fixed-size entries.
            list.add(new ChatEntry(s, "client-" + s % 5, s * 7, "sender " + s % 3, "ü".repeat((int) (s % 97)) + s));
        }
        return list;
    }

    @Test
    void readsBackAnyRangeOfWhatItWasGiven() throws Exception {
        try (ChatLogFile file = ChatLogFile.create(dir)) {
            List<ChatEntry> all = entries(0, 1000);
            file.write(all.subList(0, 1));
            file.write(all.subList(1, 130));
            file.write(all.subList(130, 1000));
            for (int[] r : new int[][] {{0, 1}, {0, 64}, {63, 65}, {64, 128}, {127, 129}, {500, 1000}, {999, 1000},
                    {0, 1000}, {700, 700}}) {
                assertThat(file.read(r[0], r[1])).as("[%d, %d)", r[0], r[1]).isEqualTo(all.subList(r[0], r[1]));
            }
            assertThatThrownBy(() -> file.read(990, 1001)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> file.write(entries(1001, 1002))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void startsEmptyWhateverAnEarlierRunLeft() throws Exception {
        try (ChatLogFile file = ChatLogFile.create(dir)) {
            file.write(entries(0, 100));
        }
        assertThat(Files.size(dir.resolve(ChatLogFile.NAME))).isPositive();
        try (ChatLogFile file = ChatLogFile.create(dir)) {
            assertThat(Files.size(dir.resolve(ChatLogFile.NAME))).isZero();
            file.write(entries(0, 3));
            assertThat(file.read(0, 3)).isEqualTo(entries(0, 3));
        }
    }

    @Test
    void aFlippedBitIsAnErrorNamingTheOffsetNeverAnotherMessage() throws Exception {
        try (ChatLogFile file = ChatLogFile.create(dir)) {
            file.write(entries(0, 200));
            long size = Files.size(dir.resolve(ChatLogFile.NAME));
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve(ChatLogFile.NAME).toFile(), "rw")) {
                f.seek(size - 5); // inside the text of the last entry
                int b = f.read();
                f.seek(size - 5);
                f.write(b ^ 0x02);
            }
            assertThat(file.read(0, 190)).isEqualTo(entries(0, 190));
            assertThatThrownBy(() -> file.read(150, 200)).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining(ChatLogFile.NAME).hasRootCauseMessage(
                            "damaged at offset " + offsetOfLast(file) + " (entry 199)");
        }
    }

    /** Where the last of 200 entries begins: the end of the first 199, framed. */
    private static long offsetOfLast(ChatLogFile file) {
        long at = 0;
        for (ChatEntry e : entries(0, 199)) {
            at += Frames.HEADER + RecordCodec.encodeEntry(e).length;
        }
        return at;
    }

    @Test
    void memoryModeSpillsOlderEntriesToAFileNobodyCanFindOrLeaveBehind() throws Exception {
        MemoryStorage storage = MemoryStorage.spilling(dir, 10);
        paxoschat.chatlog.SharedChatLog log = (paxoschat.chatlog.SharedChatLog) storage.chatLog();
        List<ChatEntry> all = entries(0, 1000);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no file before the first spill").isEmpty();
        }
        all.forEach(log::append);
        assertThat(log.inMemory()).isLessThan(20);
        assertThat(log.range(0, 1000)).isEqualTo(all);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("unlinked at once").isEmpty();
        }
        storage.close();
    }
}
