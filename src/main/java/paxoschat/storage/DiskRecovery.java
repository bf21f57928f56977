package paxoschat.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Snapshot;

/**
 * What a data directory holds, read back at start (docs/storage.md, "Recovery at
 * start-up"): load the newest snapshot, delete what it covers, replay the segments after it
 * in order ({@link WalReplay}). A torn tail of the last segment is cut; damage anywhere
 * else stops the start with {@link DamagedStorageException}.
 *
 * @param state   the state for the node
 * @param mirror  the same state, for the storage's own copy
 * @param segment the segment to go on appending to
 * @param end     where its records end
 * @param fresh   true if the directory held no segment: {@code segment} is new
 * @param holdsRecords true if it held a snapshot or at least one record
 */
record DiskRecovery(DurableState state, DurableState mirror, long segment, long end, boolean fresh,
                    boolean holdsRecords) {

    private static final Logger log = LoggerFactory.getLogger(DiskRecovery.class);

    /** Reads {@code dir}, the snapshot's chat entries into {@code chatLog}, which must be empty. */
    static DiskRecovery read(Path dir, ChatLog chatLog) throws IOException {
        DataDirectory.Listing files = DataDirectory.scan(dir);
        DurableState state = new DurableState();
        DurableState mirror = new DurableState();
        long first = 0;
        if (!files.snapshots().isEmpty()) {
            Map.Entry<Long, Path> newest = files.snapshots().lastEntry();
            first = newest.getKey();
            for (DurableRecord r : SnapshotFile.read(newest.getValue(), chatLog)) {
                state.apply(r);
                mirror.apply(r);
            }
        }
        // Older snapshots, and segments left over from a crash during compaction.
        DataDirectory.deleteBelow(dir, first);
        TreeMap<Long, Path> live = new TreeMap<>(files.segments().tailMap(first, true));
        long replayed = 0;
        long lastEnd = 0;
        for (Map.Entry<Long, Path> e : live.entrySet()) {
            long[] count = new long[1];
            boolean last = e.getKey().equals(live.lastKey());
            WalReplay.Result replay = WalReplay.replay(e.getValue(), e.getKey(), last, r -> {
                state.apply(r);
                mirror.apply(r);
                count[0]++;
            });
            lastEnd = replay.end();
            replayed += count[0];
        }
        if (!live.isEmpty()) {
            // What was read may have been in the page cache only (the process died, the
            // machine did not): the node acts on it now, so it must be on the disk first. The
            // next write's mark then says so.
            try (FileChannel ch = FileChannel.open(live.lastEntry().getValue(), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        if (!live.isEmpty() && live.firstKey() != first) {
            // The log must continue exactly where the snapshot ends, or records are missing.
            throw new DamagedStorageException("storage " + dir + ": segment " + live.firstKey()
                    + " does not follow snapshot " + first + "; refusing to start");
        }
        adoptSnapshotLog(state, mirror, chatLog);
        boolean empty = files.snapshots().isEmpty() && replayed == 0;
        (empty ? log.atDebug() : log.atInfo()).log("storage: opened {}: snapshot {} + {} records, promised {}, "
                + "{} decided slots", dir, files.snapshots().isEmpty() ? "none" : first, replayed, state.promised(),
                state.decided().size());
        return new DiskRecovery(state, mirror, live.isEmpty() ? first : live.lastKey(), live.isEmpty() ? 0 : lastEnd,
                live.isEmpty(), !files.snapshots().isEmpty() || replayed > 0);
    }

    /**
     * Makes the recovered snapshot's log a prefix of {@code chatLog}. The snapshot file's
     * entries were read into it already; a peer's snapshot installed since and found in a
     * segment (it is rare, and the next sync writes it as a snapshot file) came in memory:
     * its entries beyond those are appended, and the state takes the prefix instead.
     */
    private static void adoptSnapshotLog(DurableState state, DurableState mirror, ChatLog chatLog) throws IOException {
        Snapshot snapshot = state.snapshot();
        if (snapshot.log().isEmpty() && chatLog.isEmpty()
                || chatLog.hasPrefix(snapshot.log()) && snapshot.log().size() == chatLog.size()) {
            return;
        }
        long held = chatLog.size();
        if (snapshot.log().size() < held) {
            throw new IOException("storage: the snapshot in use holds " + snapshot.log().size()
                    + " chat entries, fewer than the snapshot file's " + held + "; refusing to start");
        }
        for (ChatEntry e : snapshot.log().subList((int) held, snapshot.log().size())) {
            chatLog.append(e);
        }
        Snapshot adopted = new Snapshot(snapshot.slot(), chatLog.all());
        state.install(adopted);
        mirror.install(adopted);
    }
}
