package paxoschat.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Snapshot;

/**
 * Disk mode: a write-ahead log of {@link DurableRecord}s in one data directory, with
 * snapshots (docs/storage.md).
 *
 * <pre>
 *   LOCK                            held while open ({@link DirectoryLock})
 *   wal-0000000000000007.log        segment 7: framed records ({@link Frames}, {@link WalWriter})
 *   wal-0000000000000008.log        segment 8, the one being appended to
 *   snapshot-0000000000000007.snap  the state after every record of segments &lt; 7 ({@link SnapshotFile})
 *   chatlog.cache                   the chat log's older entries ({@link ChatLogFile})
 * </pre>
 *
 * <p>Open: {@link DiskRecovery}. Group commit: {@link #append} buffers, {@link #sync} writes
 * and forces everything buffered at once. A snapshot replaces the segments before it in two
 * ways. The node's own ({@link #compactTo}) never goes through the log, which holds every
 * decision it sums up already: a new segment starts under the sync lock, and the snapshot
 * file is written by a thread of its own while syncs go on. A peer's, installed during
 * catch-up, arrives as an {@link DurableRecord.Installed} record, since the decisions below
 * it are not in this log; the sync that makes it durable writes the snapshot file too.
 *
 * <p>Either way the snapshot file holds the whole durable state as of the new segment:
 * promise and votes as well as the chat log. The storage keeps its own copy of that state,
 * applied after each sync, so that writing a snapshot never has to ask the node thread.
 */
public final class DiskStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(DiskStorage.class);

    /** Opens a segment file for appending; a test may wrap the channel to inject faults. */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path file) throws IOException;

        ChannelOpener DEFAULT = file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
    }

    /**
     * @param segmentBytes    a segment larger than this is closed and a new one started
     * @param preallocateBytes when a sync would write past the end of the segment file, the
     *                        file is first extended by this many bytes of zeros (0: never),
     *                        so that most syncs overwrite zeros and leave the file's size,
     *                        and so the file system's metadata, alone
     * @param memoryEntries   the chat log keeps between this many and twice as many of its
     *                        newest entries in memory, the rest in {@link ChatLogFile}
     */
    public record Options(long segmentBytes, ChannelOpener opener, long preallocateBytes, int memoryEntries) {
        public static Options defaults() {
            return new Options(64L * 1024 * 1024, ChannelOpener.DEFAULT, 0, 8192);
        }

        public Options withSegmentBytes(long n) {
            return new Options(n, opener, preallocateBytes, memoryEntries);
        }

        public Options withOpener(ChannelOpener o) {
            return new Options(segmentBytes, o, preallocateBytes, memoryEntries);
        }

        public Options withPreallocateBytes(long n) {
            return new Options(segmentBytes, opener, n, memoryEntries);
        }

        public Options withMemoryEntries(int n) {
            return new Options(segmentBytes, opener, preallocateBytes, n);
        }
    }

    private final Path dir;
    private final Options options;
    private final DirectoryLock lock;
    private final ChatLogFile chatLogFile;
    private final SharedChatLog chatLog;
    private final WalWriter wal;
    private final SnapshotWriter snapshotWriter;
    /** The state read at open, until the node takes it. */
    private DurableState recovered;
    /** The durable state as of the last sync: syncing thread only, under syncLock. */
    private final DurableState mirror;
    private final Object syncLock = new Object();
    private volatile Throwable failure;

    private DiskStorage(Path dir, Options options, DirectoryLock lock, ChatLogFile chatLogFile, SharedChatLog chatLog,
                        DiskRecovery recovery, WalWriter wal) {
        this.dir = dir;
        this.options = options;
        this.lock = lock;
        this.chatLogFile = chatLogFile;
        this.chatLog = chatLog;
        this.recovered = recovery.state();
        this.mirror = recovery.mirror();
        this.wal = wal;
        this.snapshotWriter = new SnapshotWriter(dir);
    }

    public static DiskStorage open(Path dir) throws IOException {
        return open(dir, Options.defaults());
    }

    /** Opens (creating if needed) the log in {@code dir} and replays it. */
    public static DiskStorage open(Path dir, Options options) throws IOException {
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        ChatLogFile chatLogFile = null;
        try {
            chatLogFile = ChatLogFile.create(dir);
            SharedChatLog chatLog = new SharedChatLog(chatLogFile, options.memoryEntries());
            DiskRecovery recovery = DiskRecovery.read(dir, chatLog);
            WalWriter wal = new WalWriter(dir, options.opener(), options.preallocateBytes(), recovery.segment(),
                    recovery.end());
            if (recovery.fresh()) {
                DataDirectory.force(dir);
            }
            return new DiskStorage(dir, options, lock, chatLogFile, chatLog, recovery, wal);
        } catch (IOException | RuntimeException e) {
            if (chatLogFile != null) {
                chatLogFile.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * The state read at open. The storage lets go of it after the first call (a node keeps
     * its own copy), so call once.
     */
    @Override
    public DurableState recovered() {
        DurableState state = recovered;
        recovered = null;
        return state;
    }

    /**
     * The chat log, holding the recovered snapshot's entries: all but the newest
     * {@code memoryEntries} to {@code 2 * memoryEntries} of those the node appends go to
     * {@link ChatLogFile}. Snapshots of it are prefixes, so the mirror holds no copy either.
     */
    @Override
    public SharedChatLog chatLog() {
        return chatLog;
    }

    @Override
    public void append(List<DurableRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        checkNotFailed();
        wal.append(records);
    }

    @Override
    public void sync() {
        synchronized (syncLock) {
            checkNotFailed();
            List<DurableRecord> records;
            try {
                records = wal.writeBuffered();
            } catch (IOException | RuntimeException e) {
                throw fail("cannot write segment " + wal.path(), e);
            }
            if (records.isEmpty()) {
                return;
            }
            boolean installed = false;
            for (DurableRecord r : records) {
                mirror.apply(r);
                installed |= r instanceof DurableRecord.Installed;
            }
            try {
                if (installed) {
                    // A peer's snapshot made the log before it redundant.
                    wal.roll();
                    SnapshotFile.write(dir, wal.segment(), SnapshotFile.stateRecords(mirror));
                } else if (wal.position() >= options.segmentBytes()) {
                    wal.roll();
                }
            } catch (IOException | RuntimeException e) {
                throw fail("cannot compact " + dir, e);
            }
        }
    }

    /**
     * The node's own compaction: only the start of a new segment happens under the sync
     * lock; the whole chat log is encoded and written once, by the snapshot writer, while
     * syncs go on. Through the log it would be encoded by the node thread, written twice
     * within a sync that every acknowledgement waits for, and held as one large array
     * (docs/storage.md, "Snapshots and compaction").
     */
    @Override
    public void compactTo(Snapshot snapshot, Runnable whenDurable) {
        compactTo(snapshot, whenDurable, snapshotWriter);
    }

    /** With the writer of the test's choosing, e.g. one that never runs, as a crash would. */
    void compactTo(Snapshot snapshot, Runnable whenDurable, Executor writer) {
        long covers;
        List<DurableRecord> records;
        synchronized (syncLock) {
            checkNotFailed();
            if (snapshot.slot() <= mirror.snapshot().slot()) {
                whenDurable.run();
                return;
            }
            try {
                wal.roll();
            } catch (IOException | RuntimeException e) {
                throw fail("cannot start a snapshot in " + dir, e);
            }
            // Everything in segments < covers is in the mirror, the decisions below the
            // snapshot's slot included (the caller synced them), so the snapshot replaces them.
            mirror.install(snapshot);
            covers = wal.segment();
            records = SnapshotFile.stateRecords(mirror);
        }
        writer.execute(() -> {
            try {
                SnapshotFile.write(dir, covers, records);
            } catch (IOException | RuntimeException e) {
                fail("cannot write a snapshot in " + dir, e); // the next sync throws: the server halts
                return;
            }
            whenDurable.run();
        });
    }

    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** The segment being appended to (tests). */
    long currentSegment() {
        synchronized (syncLock) {
            return wal.segment();
        }
    }

    @Override
    public void close() {
        snapshotWriter.close();
        synchronized (syncLock) {
            try {
                if (failure == null) {
                    sync();
                }
            } catch (StorageFailedException e) {
                // already logged by fail()
            } finally {
                try {
                    wal.close();
                    chatLogFile.close();
                    lock.close();
                } catch (IOException e) {
                    log.warn("storage: closing {}: {}", dir, e.toString());
                }
            }
        }
    }

    /** Lets go of the files without syncing what is buffered, as a crash would (tests). */
    void abandon() throws IOException {
        synchronized (syncLock) {
            wal.close();
            chatLogFile.close();
            lock.close();
        }
    }

    private StorageFailedException fail(String what, Throwable cause) {
        failure = cause;
        log.error("storage FAILED: {}: {}; no write will be reported durable any more", what, cause.toString());
        return new StorageFailedException("storage failed: " + what, cause);
    }

    private void checkNotFailed() {
        Throwable cause = failure;
        if (cause != null) {
            throw new StorageFailedException("storage in " + dir + " failed earlier", cause);
        }
    }
}
