package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.PValue;
import paxoschat.paxos.Snapshot;

/**
 * Issue 18: text is exact or refused. Random strings of every kind of character (astral,
 * combining marks, right-to-left scripts, joiners, noncharacters, controls, the replacement
 * character itself) at the lengths that matter (64 and 10,000 characters and around them)
 * go through the write-ahead log, a snapshot file and chatlog.cache, and come back with the
 * same UTF-8 bytes; a string with an unpaired surrogate is refused before anything is written.
 * A failure names its seed: {@code -Dtext.seed=S}.
 */
class TextRoundTripTest {

    private static final int RUNS = Integer.getInteger("text.runs", 16);

    @TempDir
    Path root;

    /** Code points to draw from, by kind. */
    private static final int[][] KINDS = {
        {0x20, 0x7E},          // ASCII
        {0xA0, 0x24F},         // Latin-1 and Latin Extended
        {0x300, 0x36F},        // combining diacritical marks
        {0x5D0, 0x5EA},        // Hebrew (right to left)
        {0x600, 0x6FF},        // Arabic (right to left)
        {0x200B, 0x200F},      // zero-width space and joiners, LRM, RLM
        {0x202A, 0x202E},      // bidi embeddings and overrides
        {0x4E00, 0x9FFF},      // CJK
        {0xFDD0, 0xFDEF},      // noncharacters
        {0xFFF9, 0xFFFF},      // specials, U+FFFD, U+FFFE, U+FFFF
        {0x1F300, 0x1FAFF},    // emoji
        {0x10000, 0x10FFFF},   // any astral code point
        {0x0, 0x1F},           // controls, NUL included: storage holds what it is given
    };

    static String randomText(Random random, int codePoints) {
        StringBuilder b = new StringBuilder(codePoints * 2);
        int[] kind = KINDS[random.nextInt(KINDS.length)];
        for (int i = 0; i < codePoints; i++) {
            if (random.nextInt(8) == 0) {
                kind = KINDS[random.nextInt(KINDS.length)];
            }
            b.appendCodePoint(kind[0] + random.nextInt(kind[1] - kind[0] + 1));
        }
        return b.toString();
    }

    /** The lengths that matter, and some others. */
    private static int randomLength(Random random) {
        int[] boundaries = {1, 2, 63, 64, 65, 9_999, 10_000};
        return random.nextBoolean() ? boundaries[random.nextInt(boundaries.length)] : 1 + random.nextInt(300);
    }

    private static Command randomCommand(Random random, long requestId) {
        return new Command(randomText(random, 1 + random.nextInt(64)), requestId,
                randomText(random, random.nextBoolean() ? 64 : 1 + random.nextInt(64)),
                randomText(random, randomLength(random)));
    }

    @Test
    void randomTextComesBackToTheByteThroughLogSnapshotAndCache() throws Exception {
        Long only = Long.getLong("text.seed");
        for (long seed = only != null ? only : 1; seed <= (only != null ? only : RUNS); seed++) {
            Random random = new Random(seed);
            Path dir = root.resolve("run-" + seed);
            List<Command> commands = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                commands.add(randomCommand(random, i + 1));
            }
            // The log: votes and decisions of batches of these commands.
            List<DurableRecord> records = new ArrayList<>();
            for (int slot = 0; slot < 4; slot++) {
                Batch value = new Batch(commands.subList(slot * 3, slot * 3 + 3));
                records.add(new DurableRecord.Accepted(new PValue(new Ballot(1, 0), slot, value)));
                records.add(new DurableRecord.Decided(slot, value));
            }
            List<ChatEntry> log = new ArrayList<>();
            for (Command c : commands) {
                log.add(new ChatEntry(log.size(), c.clientId(), c.requestId(), c.sender(), c.text()));
            }
            DiskStorage.Options small = DiskStorage.Options.defaults().withMemoryEntries(2);
            try (DiskStorage s = DiskStorage.open(dir, small)) {
                s.append(records);
                s.sync();
            }
            try (DiskStorage s = DiskStorage.open(dir, small)) {
                DurableState state = s.recovered();
                List<Command> back = new ArrayList<>();
                state.decided().forEach(b -> back.addAll(b.commands()));
                assertSameBytes(back, commands, "write-ahead log, seed " + seed);
                List<Command> voted = new ArrayList<>();
                state.accepted().values().forEach(pv -> voted.addAll(pv.value().commands()));
                assertSameBytes(voted, commands, "votes in the write-ahead log, seed " + seed);
                // The chat log: past 2 * memoryEntries, older entries go to chatlog.cache.
                SharedChatLog chat = s.chatLog();
                log.forEach(chat::append);
                assertThat(chat.inMemory()).as("entries left in memory").isLessThan(log.size());
                assertSameEntries(chat.range(0, log.size()), log, "chatlog.cache, seed " + seed);
                // A snapshot of it, written from the cache, read back into a new one.
                CountDownLatch durable = new CountDownLatch(1);
                s.compactTo(new Snapshot(4, chat.all()), durable::countDown);
                assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
            }
            try (DiskStorage s = DiskStorage.open(dir, small)) {
                DurableState state = s.recovered();
                assertThat(state.snapshot().slot()).isEqualTo(4);
                assertSameEntries(state.snapshot().log(), log, "snapshot, seed " + seed);
                assertSameEntries(s.chatLog().range(0, log.size()), log, "chatlog.cache after the snapshot, seed " + seed);
            }
        }
    }

    @Test
    void aStringWithAnUnpairedSurrogateIsRefusedAndNothingOfItsTaskIsWritten() throws IOException {
        Path dir = root.resolve("ill-formed");
        Command good = new Command("c", 1, "s", "fine \uD83D\uDE00");
        for (String bad : List.of("x\uD800y", "c\uDC00", "\uDBFF", "tail \uD83D", "\uDE00\uD83D reversed")) {
            try (DiskStorage s = DiskStorage.open(dir)) {
                List<DurableRecord> task = List.of(new DurableRecord.Decided(s.recovered().decided().size(),
                        new Batch(List.of(good))), new DurableRecord.Decided(99, new Batch(List.of(
                        new Command("c", 2, "s", bad)))));
                assertThatThrownBy(() -> s.append(task)).isInstanceOf(UncheckedIOException.class)
                        .hasCauseInstanceOf(CharacterCodingException.class)
                        .hasMessageContaining("unpaired surrogate");
                s.sync();
            }
            try (DiskStorage s = DiskStorage.open(dir)) {
                assertThat(s.recovered().decided()).as("nothing of the refused task").isEmpty();
            }
        }
        assertThatThrownBy(() -> Utf8.decode(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .as("a surrogate encoded in UTF-8 (CESU) is not UTF-8").isInstanceOf(CharacterCodingException.class);
        assertThatThrownBy(() -> Utf8.decode(new byte[] {(byte) 0xC0, (byte) 0xAF}))
                .as("an overlong form").isInstanceOf(CharacterCodingException.class);
        assertThat(Utf8.decode("real \uFFFD stays".getBytes(StandardCharsets.UTF_8))).isEqualTo("real \uFFFD stays");
    }

    private static void assertSameBytes(List<Command> actual, List<Command> expected, String where) {
        assertThat(actual).as(where).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Command a = actual.get(i);
            Command e = expected.get(i);
            assertThat(utf8(a.clientId())).as(where + ": clientId " + i).isEqualTo(utf8(e.clientId()));
            assertThat(utf8(a.sender())).as(where + ": sender " + i).isEqualTo(utf8(e.sender()));
            assertThat(utf8(a.text())).as(where + ": text " + i).isEqualTo(utf8(e.text()));
            assertThat(a.requestId()).isEqualTo(e.requestId());
        }
    }

    private static void assertSameEntries(List<ChatEntry> actual, List<ChatEntry> expected, String where) {
        assertThat(actual).as(where).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            ChatEntry a = actual.get(i);
            ChatEntry e = expected.get(i);
            assertThat(a.seq()).isEqualTo(e.seq());
            assertThat(utf8(a.clientId())).as(where + ": clientId " + i).isEqualTo(utf8(e.clientId()));
            assertThat(utf8(a.sender())).as(where + ": sender " + i).isEqualTo(utf8(e.sender()));
            assertThat(utf8(a.text())).as(where + ": text " + i).isEqualTo(utf8(e.text()));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
