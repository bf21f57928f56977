package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.DurableRecord;

class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void releasesRunInOrderOnlyAfterTheirRecordsAreDurableAndShareSyncs() throws Exception {
        DiskStorage storage = DiskStorage.open(dir);
        List<Integer> released = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        int n = 2_000;
        try (GroupCommit commit = new GroupCommit(storage, e -> errors.add(e.toString()), "flusher")) {
            for (int i = 0; i < n; i++) {
                int k = i;
                commit.submit(List.of(new DurableRecord.Promised(new Ballot(i + 1, 0))), () -> {
                    // What the release may act on must already be readable from disk.
                    if (k % 500 == 0) {
                        try {
                            assertThat(highestPromiseOnDisk()).isGreaterThanOrEqualTo(k + 1);
                        } catch (Throwable e) {
                            errors.add(e.toString());
                        }
                    }
                    released.add(k);
                });
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> released.size() == n);
            assertThat(commit.counts()[0]).as("syncs").isLessThan(n);
        }
        assertThat(errors).isEmpty();
        assertThat(released).isSorted().hasSize(n);
        storage.close();
    }

    /**
     * The highest round promised in the segments as they are on disk now, read frame by
     * frame without opening the storage (which holds the directory): what a crash would leave.
     */
    private long highestPromiseOnDisk() throws IOException {
        long round = 0;
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
        for (Path segment : segments) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(segment)))) {
                while (Frames.read(in) instanceof Frames.Frame f) {
                    if (!SyncMark.is(f.payload()) && RecordCodec.decode(f.payload()) instanceof DurableRecord.Promised p) {
                        round = Math.max(round, p.ballot().round());
                    }
                }
            }
        }
        return round;
    }

    @Test
    void aFailedStorageRunsNoReleaseAndRefusesMore() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        DiskStorage storage = DiskStorage.open(dir, DiskStorage.Options.defaults()
                .withOpener(f -> new FaultyChannel(DiskStorage.ChannelOpener.DEFAULT.open(f), broken)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean released = new AtomicBoolean();
        try (GroupCommit commit = new GroupCommit(storage, failure::set, "flusher")) {
            commit.submit(List.of(new DurableRecord.Promised(new Ballot(1, 0))), () -> released.set(true));
            await().atMost(Duration.ofSeconds(5)).until(() -> failure.get() != null);
            assertThat(failure.get()).isInstanceOf(StorageFailedException.class);
            assertThatThrownBy(() -> commit.submit(List.of(), () -> released.set(true)))
                    .isInstanceOf(StorageFailedException.class);
        }
        assertThat(released).isFalse();
        storage.close();
    }
}
