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
     * @param member          which node of which cluster the directory belongs to: written
     *                        into a new one, checked against an old one (null: not checked)
     * @param bootstrap       the server is new to its cluster: an empty or missing directory
     *                        is made anew. Without it such a directory is a lost disk, and
     *                        opening it fails (or recovers, below)
     * @param recoverLostState a directory that is damaged ({@link DamagedStorageException}),
     *                        or empty or missing without {@code bootstrap}, is set aside and
     *                        the server recovers from its peers before it votes
     *                        ({@link #mustRecover}); without it, opening fails
     */
    public record Options(long segmentBytes, ChannelOpener opener, long preallocateBytes, int memoryEntries,
                          Identity.Member member, boolean bootstrap, boolean recoverLostState) {
        /** For a new server's directory, unchecked: tests and benches. */
        public static Options defaults() {
            return new Options(64L * 1024 * 1024, ChannelOpener.DEFAULT, 0, 8192, null, true, false);
        }

        public Options withSegmentBytes(long n) {
            return new Options(n, opener, preallocateBytes, memoryEntries, member, bootstrap, recoverLostState);
        }

        public Options withOpener(ChannelOpener o) {
            return new Options(segmentBytes, o, preallocateBytes, memoryEntries, member, bootstrap, recoverLostState);
        }

        public Options withPreallocateBytes(long n) {
            return new Options(segmentBytes, opener, n, memoryEntries, member, bootstrap, recoverLostState);
        }

        public Options withMemoryEntries(int n) {
            return new Options(segmentBytes, opener, preallocateBytes, n, member, bootstrap, recoverLostState);
        }

        /** Node {@code node} of a cluster of {@code clusterSize}; see {@link #bootstrap}. */
        public Options forMember(int node, int clusterSize, boolean isNew, boolean recover) {
            return new Options(segmentBytes, opener, preallocateBytes, memoryEntries,
                    new Identity.Member(node, clusterSize), isNew, recover);
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
    /** The directory's state was lost: the node recovers from its peers before it votes. */
    private volatile boolean mustRecover;
    /** Syncing thread only, under syncLock: let go of as in a crash (tests). */
    private boolean abandoned;

    private DiskStorage(Path dir, Options options, DirectoryLock lock, ChatLogFile chatLogFile, SharedChatLog chatLog,
                        DiskRecovery recovery, WalWriter wal, boolean mustRecover) {
        this.mustRecover = mustRecover;
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

    /** Opens, or makes, a directory nobody checks the identity of (tests and benches). */
    public static DiskStorage open(Path dir) throws IOException {
        return open(dir, Options.defaults());
    }

    /**
     * Opens the log in {@code dir} and replays it; creates the directory if it is new
     * ({@link Options#bootstrap}). See {@link Options} for a directory that is lost or damaged.
     */
    public static DiskStorage open(Path dir, Options options) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (!options.bootstrap() && !options.recoverLostState()) {
                throw lost(dir, "does not exist");
            }
            DataDirectory.create(dir);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir);
        ChatLogFile chatLogFile = null;
        try {
            boolean recover = adopt(dir, options);
            chatLogFile = ChatLogFile.create(dir);
            SharedChatLog chatLog = new SharedChatLog(chatLogFile, options.memoryEntries());
            DiskRecovery recovery;
            try {
                recovery = DiskRecovery.read(dir, chatLog);
            } catch (DamagedStorageException e) {
                if (!options.recoverLostState()) {
                    throw e;
                }
                Path aside = DataDirectory.setAside(dir);
                log.error("{}. As paxos.lost-state=recover says, its files are set aside in {} and the server"
                        + " recovers from its peers before it votes", e.getMessage(), aside);
                Identity.startRecovering(dir);
                recover = true;
                chatLogFile.close();
                chatLogFile = ChatLogFile.create(dir);
                chatLog = new SharedChatLog(chatLogFile, options.memoryEntries());
                recovery = DiskRecovery.read(dir, chatLog);
            }
            WalWriter wal = new WalWriter(dir, options.opener(), options.preallocateBytes(), recovery.segment(),
                    recovery.end());
            if (recovery.fresh()) {
                DataDirectory.force(dir);
            }
            return new DiskStorage(dir, options, lock, chatLogFile, chatLog, recovery, wal, recover);
        } catch (IOException | RuntimeException e) {
            if (chatLogFile != null) {
                chatLogFile.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Decides what an open directory is: one this server has been using, a new one (made
     * ready here), or one whose server lost its state and must recover. Returns true in the
     * last case, having cleared what an unfinished recovery left.
     */
    private static boolean adopt(Path dir, Options options) throws IOException {
        Identity.Member identity = Identity.read(dir);
        boolean recovering = Identity.recovering(dir);
        if (identity == null && !recovering && !DataDirectory.holdsRecords(dir)) {
            if (options.bootstrap()) {
                if (options.member() != null) {
                    Identity.write(dir, options.member());
                }
                return false;
            }
            if (!options.recoverLostState()) {
                throw lost(dir, "is empty");
            }
            log.error("storage: {} is empty though this server is not new (paxos.bootstrap is false): as"
                    + " paxos.lost-state=recover says, it recovers from its peers before it votes", dir);
            Identity.startRecovering(dir);
            recovering = true;
        }
        if (identity != null && options.member() != null && !identity.equals(options.member())) {
            throw new DamagedStorageException("storage: " + dir + " belongs to " + identity + ", not to "
                    + options.member() + "; refusing to start on another server's promises and votes");
        }
        if (identity == null && options.member() != null) {
            // Made before directories had an identity, or one whose write a crash undid.
            Identity.write(dir, options.member());
        }
        if (recovering) {
            // A recovery that did not finish: what it wrote is not a state this server had.
            DataDirectory.deleteBelow(dir, Long.MAX_VALUE);
        }
        return recovering;
    }

    private static DamagedStorageException lost(Path dir, String what) {
        return new DamagedStorageException("storage: the data directory " + dir.toAbsolutePath() + " " + what
                + ", and this server is not new to its cluster (paxos.bootstrap is false): its promises and votes"
                + " are lost, and voting without them could undo a decision. Start it with --paxos.bootstrap=true"
                + " only if it has never been part of the cluster; after a lost disk, start it with"
                + " --paxos.lost-state=recover: it then recovers from its peers before it votes");
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
    public boolean mustRecover() {
        return mustRecover;
    }

    @Override
    public void recoveryDone() {
        synchronized (syncLock) {
            checkNotFailed();
            try {
                Identity.recovered(dir);
            } catch (IOException | RuntimeException e) {
                throw fail("cannot record the end of the recovery in " + dir, e);
            }
            mustRecover = false;
        }
    }

    /**
     * Writes a {@link SyncMark} alone after the last write, if none followed it yet: the log
     * fell quiet, and the last write's records should read as synced if the disk damages
     * them later, before the next write would have said so.
     */
    @Override
    public void seal() {
        synchronized (syncLock) {
            checkNotFailed();
            try {
                wal.seal();
            } catch (IOException | RuntimeException e) {
                throw fail("cannot write a sync mark in " + wal.path(), e);
            }
        }
    }

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
            if (abandoned) {
                return;
            }
            try {
                if (failure == null) {
                    sync();
                    seal();
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
            abandoned = true;
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
