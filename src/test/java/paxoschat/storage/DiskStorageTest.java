package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

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

class DiskStorageTest {

    @TempDir
    Path dir;

    private static Batch batch(long slot) {
        return new Batch(List.of(new Command("c" + slot % 3, slot, "s" + slot % 3, "text ü \"" + slot + "\" " + "x".repeat((int) (slot % 50)))));
    }

    /** What a node writes for one slot: a promise now and then, an accept, a decision. */
    private static List<DurableRecord> slot(long slot) {
        List<DurableRecord> records = new ArrayList<>();
        Ballot b = new Ballot(1 + slot / 10, (int) (slot % 3));
        if (slot % 10 == 0) {
            records.add(new DurableRecord.Promised(b));
        }
        records.add(new DurableRecord.Accepted(new PValue(b, slot, batch(slot))));
        records.add(new DurableRecord.Decided(slot, slot % 7 == 0 ? Batch.NOOP : batch(slot)));
        return records;
    }

    private static DurableState expected(long slots) {
        DurableState s = new DurableState();
        for (long i = 0; i < slots; i++) {
            slot(i).forEach(s::apply);
        }
        return s;
    }

    private static void assertSameState(DurableState actual, DurableState expected) {
        assertThat(actual.snapshot()).isEqualTo(expected.snapshot());
        assertThat(actual.promised()).isEqualTo(expected.promised());
        assertThat(actual.accepted()).isEqualTo(expected.accepted());
        assertThat(actual.decided()).isEqualTo(expected.decided());
    }

    private void write(DiskStorage storage, long from, long to) {
        for (long i = from; i < to; i++) {
            storage.append(slot(i));
            if (i % 5 == 4) {
                storage.sync();
            }
        }
        storage.sync();
    }

    private Path lastSegment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void roundTrip() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), new DurableState());
            write(s, 0, 200);
        }
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(200));
            write(s, 200, 250);
        }
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(250));
        }
    }

    @Test
    void appendedButNotSyncedIsNotOnDisk() throws IOException {
        DiskStorage s = DiskStorage.open(dir);
        write(s, 0, 10);
        s.append(slot(10)); // never synced: a crash now loses it, and that is allowed
        s.abandon();
        DiskStorage reopened = DiskStorage.open(dir);
        assertSameState(reopened.recovered(), expected(10));
        reopened.close();
    }

    @Test
    void tornTailIsCutAndTheGoodPrefixSurvives() throws IOException {
        DiskStorage crashing = DiskStorage.open(dir);
        write(crashing, 0, 100);
        crashing.abandon(); // a crash right after the last sync: no mark after it yet
        Path seg = lastSegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 7); // the last record loses its end: a torn write
        }
        try (DiskStorage s = DiskStorage.open(dir)) {
            // Slot 99 wrote Accepted + Decided; the torn record is the Decided of slot 99.
            DurableState want = expected(99);
            want.apply(slot(99).get(0));
            assertSameState(s.recovered(), want);
            assertThat(Files.size(seg)).isLessThan(size - 7);
            // The log goes on after the cut, and the next open sees the new records.
            s.append(List.of(slot(99).get(1)));
            write(s, 100, 120);
        }
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(120));
        }
    }

    @Test
    void aFlippedBitAfterTheLastMarkIsATornTailAndIsCut() throws IOException {
        DiskStorage crashing = DiskStorage.open(dir);
        write(crashing, 0, 100);
        crashing.abandon();
        Path seg = lastSegment();
        long size = Files.size(seg);
        flipBit(seg, size - 3); // a byte inside the last record's payload
        try (DiskStorage s = DiskStorage.open(dir)) {
            DurableState want = expected(99);
            want.apply(slot(99).get(0));
            assertSameState(s.recovered(), want);
        }
    }

    @Test
    void aFlippedBitInsideSyncedRecordsStopsTheStartNamingFileAndOffset() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir)) {
            write(s, 0, 100);
        }
        Path seg = lastSegment();
        long size = Files.size(seg);
        long at = size / 2;
        flipBit(seg, at);
        byte[] before = Files.readAllBytes(seg);
        assertThatThrownBy(() -> DiskStorage.open(dir))
                .isInstanceOf(DamagedStorageException.class)
                .hasMessageContaining(seg.toString())
                .hasMessageMatching("(?s).*is damaged at offset \\d+ of " + size + " .*inside records that were synced.*");
        assertThat(Files.readAllBytes(seg)).as("nothing cut or changed").isEqualTo(before);
        // The last record of a log closed cleanly is synced and sealed too: no torn tail.
        flipBit(seg, at);
        flipBit(seg, size - SyncMark.FRAME - 3);
        assertThatThrownBy(() -> DiskStorage.open(dir)).isInstanceOf(DamagedStorageException.class)
                .hasMessageContaining("sync mark at offset");
    }

    @Test
    void withRecoverADamagedDirectoryIsSetAsideAndTheServerMustRecover() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir)) {
            write(s, 0, 100);
        }
        Path seg = lastSegment();
        flipBit(seg, Files.size(seg) / 2);
        DiskStorage.Options recover = DiskStorage.Options.defaults().forMember(0, 3, false, true);
        try (DiskStorage s = DiskStorage.open(dir, recover)) {
            assertThat(s.mustRecover()).isTrue();
            assertSameState(s.recovered(), new DurableState());
            assertThat(dir.resolve("damaged-1").resolve(seg.getFileName())).exists();
            write(s, 0, 10); // what the recovery learns
        }
        // Not recovered yet: a restart recovers again, from scratch.
        try (DiskStorage s = DiskStorage.open(dir, recover)) {
            assertThat(s.mustRecover()).isTrue();
            assertSameState(s.recovered(), new DurableState());
            write(s, 0, 10);
            s.recoveryDone();
            assertThat(s.mustRecover()).isFalse();
        }
        try (DiskStorage s = DiskStorage.open(dir, DiskStorage.Options.defaults().forMember(0, 3, false, false))) {
            assertThat(s.mustRecover()).isFalse();
            assertSameState(s.recovered(), expected(10));
        }
    }

    @Test
    void aMissingOrEmptyDirectoryIsRefusedUnlessNewAndAnotherServersIsRefused() throws IOException {
        Path missing = dir.resolve("node-1");
        DiskStorage.Options old = DiskStorage.Options.defaults().forMember(1, 3, false, false);
        assertThatThrownBy(() -> DiskStorage.open(missing, old)).isInstanceOf(DamagedStorageException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("--paxos.bootstrap=true")
                .hasMessageContaining("--paxos.lost-state=recover");
        assertThat(missing).doesNotExist();
        Files.createDirectories(missing);
        assertThatThrownBy(() -> DiskStorage.open(missing, old)).isInstanceOf(DamagedStorageException.class)
                .hasMessageContaining("is empty");
        DiskStorage.Options isNew = DiskStorage.Options.defaults().forMember(1, 3, true, false);
        try (DiskStorage s = DiskStorage.open(missing, isNew)) {
            assertThat(s.mustRecover()).isFalse();
        }
        // Made once, it is this server's: it opens without the flag, though it holds no record.
        try (DiskStorage s = DiskStorage.open(missing, old)) {
            assertThat(s.mustRecover()).isFalse();
            write(s, 0, 5);
        }
        assertThatThrownBy(() -> DiskStorage.open(missing, DiskStorage.Options.defaults().forMember(2, 3, false, false)))
                .isInstanceOf(DamagedStorageException.class).hasMessageContaining("belongs to node 1 of 3");
        // Emptied (a lost disk put back blank): refused, or recovered from the peers.
        try (Stream<Path> files = Files.list(missing)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        assertThatThrownBy(() -> DiskStorage.open(missing, old)).isInstanceOf(DamagedStorageException.class);
        try (DiskStorage s = DiskStorage.open(missing, DiskStorage.Options.defaults().forMember(1, 3, false, true))) {
            assertThat(s.mustRecover()).isTrue();
        }
    }

    private static void flipBit(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
    }

    @Test
    void garbageLengthAndTrailingZerosAreCut() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir)) {
            write(s, 0, 30);
        }
        Path seg = lastSegment();
        // A preallocated-looking tail of zeros: length 0 with checksum 0 does not check out.
        Files.write(seg, new byte[100], java.nio.file.StandardOpenOption.APPEND);
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(30));
        }
        Files.write(seg, new byte[] {(byte) 0x7f, -1, -1, -1, 1, 2, 3, 4, 5}, java.nio.file.StandardOpenOption.APPEND);
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(30));
        }
    }

    @Test
    void aPreallocatedSegmentReadsUpToItsRecordsAndGoesOnThere() throws IOException {
        DiskStorage.Options pre = DiskStorage.Options.defaults().withPreallocateBytes(64 * 1024);
        DiskStorage crashing = DiskStorage.open(dir, pre);
        write(crashing, 0, 50);
        assertThat(Files.size(lastSegment())).as("zeros ahead of the records").isGreaterThan(64 * 1024);
        crashing.append(slot(50)); // never synced
        crashing.abandon();
        long sizeBefore = Files.size(lastSegment());
        try (DiskStorage s = DiskStorage.open(dir, pre)) {
            assertSameState(s.recovered(), expected(50));
            assertThat(Files.size(lastSegment())).as("the zeros are not damage: nothing is cut").isEqualTo(sizeBefore);
            write(s, 50, 400); // more than one extension
        }
        try (DiskStorage s = DiskStorage.open(dir, pre)) {
            assertSameState(s.recovered(), expected(400));
        }
        // Without preallocation the same files read the same.
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(400));
        }
    }

    @Test
    void aTornRecordAmongPreallocatedZerosIsCut() throws IOException {
        DiskStorage.Options pre = DiskStorage.Options.defaults().withPreallocateBytes(64 * 1024);
        DiskStorage crashing = DiskStorage.open(dir, pre);
        write(crashing, 0, 30);
        crashing.abandon();
        Path seg = lastSegment();
        // Half a frame header where the next record would go: a write torn by a crash.
        byte[] records = Files.readAllBytes(seg);
        int at = 0;
        while (at < records.length && !allZero(records, at)) {
            at += 8 + Frames.getInt(records, at);
        }
        try (FileChannel ch = FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 1, 7}), at);
        }
        assertThat(at).as("the records end before the zeros").isPositive().isLessThan(records.length - 1024);
        try (DiskStorage s = DiskStorage.open(dir, pre)) {
            assertSameState(s.recovered(), expected(30));
            assertThat(Files.size(seg)).as("cut at the torn record").isEqualTo(at);
        }
    }

    private static boolean allZero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void rolledPreallocatedSegmentsGiveBackTheirZerosAndAZeroTailIsNoDamage() throws IOException {
        DiskStorage.Options pre = DiskStorage.Options.defaults().withSegmentBytes(2_000)
                .withPreallocateBytes(16 * 1024);
        try (DiskStorage s = DiskStorage.open(dir, pre)) {
            write(s, 0, 100);
            assertThat(s.currentSegment()).isGreaterThan(3);
        }
        Path first = DataDirectory.segment(dir, 0);
        assertThat(Files.size(first)).as("rolled: cut back to its records").isLessThan(16 * 1024);
        // A crash that lost that truncation leaves zeros after an earlier segment's records.
        Files.write(first, new byte[16 * 1024], java.nio.file.StandardOpenOption.APPEND);
        try (DiskStorage s = DiskStorage.open(dir, pre)) {
            assertSameState(s.recovered(), expected(100));
        }
    }

    @Test
    void damageInAnEarlierSegmentIsDamageEvenAtItsEnd() throws IOException {
        DiskStorage.Options small = DiskStorage.Options.defaults().withSegmentBytes(2_000);
        try (DiskStorage s = DiskStorage.open(dir, small)) {
            write(s, 0, 100);
            assertThat(s.currentSegment()).isGreaterThan(3);
        }
        Path first = DataDirectory.segment(dir, 0);
        long size = Files.size(first);
        try (FileChannel ch = FileChannel.open(first, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 1);
        }
        // A later segment exists, so the first was synced whole: its short end is damage.
        assertThatThrownBy(() -> DiskStorage.open(dir, small)).isInstanceOf(DamagedStorageException.class)
                .hasMessageContaining(first.toString()).hasMessageContaining("a later segment exists");
    }

    @Test
    void snapshotsCompactTheLogAndRestartsGiveTheSameState() throws Exception {
        DiskStorage.Options opts = DiskStorage.Options.defaults().withSegmentBytes(4_000);
        DurableState want = new DurableState();
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            for (long from = 0; from < 130; from += 40) {
                long to = Math.min(from + 40, 130);
                write(s, from, to);
                slot(from, to).forEach(want::apply);
                if (to == from + 40) {
                    compact(s, chatSnapshot(to));
                    want.install(chatSnapshot(to));
                }
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).filteredOn(n -> n.startsWith("snapshot-")).hasSize(1);
            // Only segments after the snapshot are left.
            long snap = Long.parseLong(names.stream().filter(n -> n.startsWith("snapshot-")).findFirst().orElseThrow()
                    .replaceAll("\\D", ""));
            assertThat(names).filteredOn(n -> n.startsWith("wal-"))
                    .allMatch(n -> Long.parseLong(n.replaceAll("\\D", "")) >= snap);
        }
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            assertSameState(s.recovered(), want);
            write(s, 130, 200);
            slot(130, 200).forEach(want::apply);
            compact(s, chatSnapshot(200));
            want.install(chatSnapshot(200));
        }
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            assertSameState(s.recovered(), want);
        }
    }

    /** What the node does every paxos.snapshot-every slots, once the decisions below are durable. */
    private static void compact(DiskStorage s, Snapshot snapshot) throws InterruptedException {
        CountDownLatch durable = new CountDownLatch(1);
        s.compactTo(snapshot, durable::countDown);
        assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private static List<DurableRecord> slot(long from, long to) {
        List<DurableRecord> records = new ArrayList<>();
        for (long i = from; i < to; i++) {
            records.addAll(slot(i));
        }
        return records;
    }

    private static Snapshot chatSnapshot(long slot) {
        List<ChatEntry> log = new ArrayList<>();
        for (long i = 0; i < slot; i++) {
            if (i % 7 != 0) {
                Command c = batch(i).commands().get(0);
                log.add(new ChatEntry(log.size(), c.clientId(), c.requestId(), c.sender(), c.text()));
            }
        }
        return new Snapshot(slot, log);
    }

    @Test
    void aSnapshotRecordCompactsTheLogAndARestartGivesTheSameState() throws IOException {
        DurableState want = new DurableState();
        DiskStorage.Options opts = DiskStorage.Options.defaults().withSegmentBytes(3_000);
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            write(s, 0, 100);
            for (long i = 0; i < 100; i++) {
                slot(i).forEach(want::apply);
            }
            DurableRecord installed = new DurableRecord.Installed(chatSnapshot(90));
            s.append(List.of(installed));
            want.apply(installed);
            s.sync();
            write(s, 100, 130);
            for (long i = 100; i < 130; i++) {
                slot(i).forEach(want::apply);
            }
        }
        assertThat(want.snapshot().slot()).isEqualTo(90);
        assertThat(want.decided()).hasSize(40);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            String snap = names.stream().filter(n -> n.startsWith("snapshot-")).findFirst().orElseThrow();
            long covers = Long.parseLong(snap.replaceAll("\\D", ""));
            assertThat(covers).isPositive();
            assertThat(names).filteredOn(n -> n.startsWith("wal-"))
                    .allMatch(n -> Long.parseLong(n.replaceAll("\\D", "")) >= covers);
        }
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            assertSameState(s.recovered(), want);
        }
    }

    @Test
    void theNodesOwnSnapshotCompactsTheLogWithoutGoingThroughItAndARestartGivesTheSameState() throws Exception {
        DurableState want = expected(100);
        DiskStorage.Options opts = DiskStorage.Options.defaults().withSegmentBytes(3_000);
        long segmentBefore;
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            write(s, 0, 100);
            segmentBefore = s.currentSegment();
            CountDownLatch durable = new CountDownLatch(1);
            s.compactTo(chatSnapshot(90), durable::countDown);
            want.install(chatSnapshot(90));
            write(s, 100, 130);
            for (long i = 100; i < 130; i++) {
                slot(i).forEach(want::apply);
            }
            assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            String snap = names.stream().filter(n -> n.startsWith("snapshot-")).findFirst().orElseThrow();
            long covers = Long.parseLong(snap.replaceAll("\\D", ""));
            assertThat(covers).isEqualTo(segmentBefore + 1);
            assertThat(names).filteredOn(n -> n.startsWith("wal-"))
                    .allMatch(n -> Long.parseLong(n.replaceAll("\\D", "")) >= covers);
        }
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            assertSameState(s.recovered(), want);
        }
    }

    @Test
    void aCrashBeforeTheNodesSnapshotIsWrittenLosesNothing() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir, DiskStorage.Options.defaults())) {
            write(s, 0, 100);
            List<Runnable> neverRun = new ArrayList<>();
            boolean[] durable = {false};
            s.compactTo(chatSnapshot(90), () -> durable[0] = true, neverRun::add);
            write(s, 100, 130);
            assertThat(neverRun).hasSize(1);
            assertThat(durable[0]).isFalse();
            s.abandon();
        }
        // The log still holds every decision the snapshot would have summed up.
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(130));
        }
    }

    @Test
    void leftoversOfACrashDuringCompactionAreIgnored() throws Exception {
        try (DiskStorage s = DiskStorage.open(dir)) {
            write(s, 0, 50);
            compact(s, chatSnapshot(50));
            write(s, 50, 60);
        }
        // A temp snapshot that never got renamed, as after a crash in the middle of writing it.
        Files.write(dir.resolve("snapshot-0000000000000009.snap.tmp"), new byte[] {1, 2, 3});
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(60).install(chatSnapshot(50)));
        }
        assertThat(dir.resolve("snapshot-0000000000000009.snap.tmp")).doesNotExist();
    }

    @Test
    void anIoErrorFailsTheStorageForGood() throws IOException {
        AtomicBoolean broken = new AtomicBoolean();
        DiskStorage.Options opts = DiskStorage.Options.defaults()
                .withOpener(file -> new FaultyChannel(DiskStorage.ChannelOpener.DEFAULT.open(file), broken));
        DiskStorage s = DiskStorage.open(dir, opts);
        write(s, 0, 10);
        broken.set(true);
        s.append(slot(10));
        assertThatThrownBy(s::sync).isInstanceOf(StorageFailedException.class);
        assertThat(s.failed()).isTrue();
        broken.set(false); // even if the disk comes back, the storage stays failed
        assertThatThrownBy(() -> s.append(slot(11))).isInstanceOf(StorageFailedException.class);
        assertThatThrownBy(s::sync).isInstanceOf(StorageFailedException.class);
        s.close();
        try (DiskStorage reopened = DiskStorage.open(dir)) {
            assertSameState(reopened.recovered(), expected(10));
        }
    }

    @Test
    void aDataDirectoryServesOneStorageAtATime() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertThatThrownBy(() -> DiskStorage.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
        DiskStorage.open(dir).close();
    }

    /** A chat log of {@code n} entries, each with the same (shared, so cheap) long text. */
    private static Snapshot bigSnapshot(long slot, int n, String text) {
        List<ChatEntry> log = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            log.add(new ChatEntry(i, "client-" + (i % 5), i + 1, "s", text));
        }
        return new Snapshot(slot, log);
    }

    @Test
    void aChatLogLargerThanAFrameIsStoredInPartsAndReadBack() throws Exception {
        // About 70 MiB of chat log: more than one frame may hold (Frames.MAX_PAYLOAD).
        Snapshot big = bigSnapshot(8_000, 7_000, "x".repeat(10_000));
        List<byte[]> payloads = new ArrayList<>();
        RecordCodec.encode(new DurableRecord.Installed(big), payloads::add);
        assertThat(payloads).hasSizeGreaterThan(60).allMatch(b -> b.length <= RecordCodec.PART_BYTES + 20_100);

        DurableState want = expected(20);
        try (DiskStorage s = DiskStorage.open(dir, DiskStorage.Options.defaults())) {
            write(s, 0, 20);
            // The node's own snapshot (its own thread) and a peer's (through the log).
            CountDownLatch durable = new CountDownLatch(1);
            s.compactTo(big, durable::countDown);
            assertThat(durable.await(60, TimeUnit.SECONDS)).isTrue();
            DurableRecord peers = new DurableRecord.Installed(bigSnapshot(9_000, 7_001, "y".repeat(10_000)));
            s.append(List.of(peers));
            s.sync();
            want.apply(peers);
        }
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), want);
        }
    }

    @Test
    void aSnapshotWhosePartsEndEarlyIsCutWhereItBeganAndWhatFollowsSurvives() throws IOException {
        try (DiskStorage s = DiskStorage.open(dir)) {
            write(s, 0, 20);
        }
        Path segment = lastSegment();
        long whole = Files.size(segment);
        // A torn write: a peer's snapshot in parts of which only the first two reached the disk.
        List<byte[]> parts = new ArrayList<>();
        RecordCodec.encode(new DurableRecord.Installed(bigSnapshot(50, 400, "z".repeat(8_000))), parts::add);
        assertThat(parts).hasSizeGreaterThan(2);
        java.io.ByteArrayOutputStream torn = new java.io.ByteArrayOutputStream();
        Frames.write(torn, parts.get(0));
        Frames.write(torn, parts.get(1));
        Files.write(segment, torn.toByteArray(), java.nio.file.StandardOpenOption.APPEND);

        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(20));
            assertThat(Files.size(segment)).isEqualTo(whole);
            write(s, 20, 30);
        }
        try (DiskStorage s = DiskStorage.open(dir)) {
            assertSameState(s.recovered(), expected(30));
        }
    }

    @Test
    void aSnapshotsChatLogIsReadIntoTheChatLogWithOnlyTheNewestEntriesInMemory() throws Exception {
        DiskStorage.Options opts = DiskStorage.Options.defaults().withMemoryEntries(16);
        Snapshot snapshot = bigSnapshot(20, 5_000, "chat");
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            write(s, 0, 20);
            CountDownLatch durable = new CountDownLatch(1);
            s.compactTo(snapshot, durable::countDown);
            assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
        }
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            DurableState state = s.recovered();
            SharedChatLog log = s.chatLog();
            assertThat(log.hasPrefix(state.snapshot().log())).isTrue();
            assertThat(log.size()).isEqualTo(5_000);
            assertThat(log.inMemory()).isLessThanOrEqualTo(32);
            assertThat(state.snapshot()).isEqualTo(snapshot);
        }
    }

    @Test
    void aPeersSnapshotLeftInTheLogBecomesAPrefixOfTheChatLog() throws Exception {
        DiskStorage.Options opts = DiskStorage.Options.defaults().withMemoryEntries(8);
        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            write(s, 0, 20);
            CountDownLatch durable = new CountDownLatch(1);
            s.compactTo(bigSnapshot(20, 100, "old"), durable::countDown);
            assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
        }
        // Installed, then a crash before the sync that follows it wrote it as a snapshot file.
        Snapshot peers = bigSnapshot(60, 300, "old");
        java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
        RecordCodec.encode(new DurableRecord.Installed(peers), payload -> Frames.write(frames, payload));
        Files.write(lastSegment(), frames.toByteArray(), java.nio.file.StandardOpenOption.APPEND);

        try (DiskStorage s = DiskStorage.open(dir, opts)) {
            DurableState state = s.recovered();
            SharedChatLog log = s.chatLog();
            assertThat(state.snapshot()).isEqualTo(peers);
            assertThat(log.hasPrefix(state.snapshot().log())).isTrue();
            assertThat(log.all()).isEqualTo(peers.log());
            assertThat(log.inMemory()).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void codecRoundTripsLongAndUnicodeText() throws IOException {
        Command c = new Command("client-é", Long.MAX_VALUE, "Zoë", "ü".repeat(10_000) + "\u2028\uD83D\uDE00");
        DurableRecord r = new DurableRecord.Accepted(new PValue(new Ballot(3, 2), 42, new Batch(List.of(c, c))));
        assertThat(RecordCodec.decode(RecordCodec.encode(r))).isEqualTo(r);
        DurableRecord i = new DurableRecord.Installed(new Snapshot(9, List.of(new ChatEntry(0, "c", 1, "Zoë", "hé"))));
        assertThat(RecordCodec.decode(RecordCodec.encode(i))).isEqualTo(i);
        DurableRecord p = new DurableRecord.Promised(Ballot.ZERO);
        assertThat(RecordCodec.decode(RecordCodec.encode(p))).isEqualTo(p);
    }
}
