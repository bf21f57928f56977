package paxoschat.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.PValue;
import paxoschat.paxos.Snapshot;

/**
 * A write-ahead log of {@link DurableRecord}s in one data directory, with snapshots.
 *
 * <pre>
 *   wal-0000000000000007.log        segment 7: framed records (see {@link Frames})
 *   wal-0000000000000008.log        segment 8, the one being appended to
 *   snapshot-0000000000000007.snap  the state after every record of segments &lt; 7
 * </pre>
 *
 * <p>Open: load the newest snapshot, delete what it covers, replay the segments after it in
 * order. The first frame that does not check out (short, bad length, bad checksum,
 * undecodable) ends the log: the segment is truncated there, later segments are deleted,
 * and a warning names the file and offset. A record is never replayed unless whole. Zeros
 * from there to the end of the file are not damage but the unused part of a preallocated
 * segment: the log ends there, and goes on there.
 *
 * <p>Group commit: {@link #append} encodes into a memory buffer; {@link #sync} writes the
 * whole buffer with one {@link FileChannel#force}; with {@code preallocateBytes} set, a write
 * that would grow the file first extends it with that many zeros, so that most syncs leave
 * the file's size alone (an fdatasync without a metadata commit). When a synced batch holds an
 * {@link DurableRecord.Installed} record (the node installed a peer's snapshot), and every
 * {@code snapshotEvery} decided slots if that is set, sync also rolls to a new segment,
 * writes a snapshot of the state so far to a temporary file, forces it, renames it into
 * place atomically, forces the directory, and deletes the segments and snapshot it
 * replaces. The node's own snapshots take {@link #compactTo}: the same file, written by a
 * thread of its own. The storage keeps its own copy of the durable state (applied after
 * each sync) so a snapshot never has to ask the node thread.
 */
public final class DiskStorage implements Storage {

    private static final Logger log = LoggerFactory.getLogger(DiskStorage.class);
    private static final Pattern SEGMENT = Pattern.compile("wal-(\\d{16})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{16})\\.snap");
    private static final int SNAPSHOT_MAGIC = 0x50585331; // "PXS1"

    /** Opens a segment file for appending; a test may wrap the channel to inject faults. */
    @FunctionalInterface
    public interface ChannelOpener {
        FileChannel open(Path file) throws IOException;

        ChannelOpener DEFAULT = file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
    }

    /**
     * @param snapshotEvery   decided slots between snapshots (0: never snapshot)
     * @param segmentBytes    a segment larger than this is closed and a new one started
     * @param preallocateBytes when a sync would write past the end of the segment file, the
     *                        file is first extended by this many bytes of zeros (0: never),
     *                        so that most syncs overwrite zeros and leave the file's size,
     *                        and so the file system's metadata, alone
     * @param memoryEntries   the chat log keeps between this many and twice as many of its
     *                        newest entries in memory, the rest in {@link ChatLogFile}
     */
    public record Options(long snapshotEvery, long segmentBytes, ChannelOpener opener, long preallocateBytes,
                          int memoryEntries) {
        public static Options defaults() {
            // 8,192 to 16,384 entries: a second of writes at full speed, a few MB.
            return new Options(10_000, 64L * 1024 * 1024, ChannelOpener.DEFAULT, 0, 8192);
        }

        public Options withSnapshotEvery(long n) {
            return new Options(n, segmentBytes, opener, preallocateBytes, memoryEntries);
        }

        public Options withSegmentBytes(long n) {
            return new Options(snapshotEvery, n, opener, preallocateBytes, memoryEntries);
        }

        public Options withOpener(ChannelOpener o) {
            return new Options(snapshotEvery, segmentBytes, o, preallocateBytes, memoryEntries);
        }

        public Options withPreallocateBytes(long n) {
            return new Options(snapshotEvery, segmentBytes, opener, n, memoryEntries);
        }

        public Options withMemoryEntries(int n) {
            return new Options(snapshotEvery, segmentBytes, opener, preallocateBytes, n);
        }
    }

    private final Path dir;
    private final Options options;
    private DurableState recovered;
    /** The node's chat log, its older entries in chatLogFile; see {@link #chatLog()}. */
    private final SharedChatLog chatLog;
    private final ChatLogFile chatLogFile;
    /** The durable state as of the last sync: flusher only. */
    private final DurableState mirror;

    private final Object bufferLock = new Object();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private List<DurableRecord> buffered = new ArrayList<>();

    private final Object syncLock = new Object();
    private long segment;
    private FileChannel channel;
    /** The current segment file's size, zeros past the records included. */
    private long allocated;
    private long decidedSinceSnapshot;
    private volatile boolean failed;
    private FileChannel lockFile;
    private volatile Throwable failure;
    /** Writes the node's snapshots (see compactTo); started on first use. */
    private ExecutorService snapshotWriter;

    private DiskStorage(Path dir, Options options, DurableState recovered, DurableState mirror, long segment,
                        FileChannel channel, SharedChatLog chatLog, ChatLogFile chatLogFile) {
        this.dir = dir;
        this.options = options;
        this.recovered = recovered;
        this.chatLog = chatLog;
        this.chatLogFile = chatLogFile;
        this.mirror = mirror;
        this.segment = segment;
        this.channel = channel;
    }

    public static DiskStorage open(Path dir) throws IOException {
        return open(dir, Options.defaults());
    }

    /**
     * Reads the state stored in {@code dir} without changing anything there (no cut, no
     * deletion): for tools and tests, and safe while a writer is appending.
     */
    public static DurableState readState(Path dir) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        list(dir, segments, snapshots, false);
        DurableState state = new DurableState();
        long first = snapshots.isEmpty() ? 0 : snapshots.lastKey();
        if (!snapshots.isEmpty()) {
            readSnapshot(snapshots.lastEntry().getValue(), null).forEach(state::apply);
        }
        for (Path seg : segments.tailMap(first, true).values()) {
            if (replaySegment(seg, state::apply, false).damaged()) {
                break;
            }
        }
        return state;
    }

    private static void list(Path dir, TreeMap<Long, Path> segments, TreeMap<Long, Path> snapshots,
                             boolean deleteTemporary) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                Matcher m;
                if ((m = SEGMENT.matcher(name)).matches()) {
                    segments.put(Long.parseLong(m.group(1)), p);
                } else if ((m = SNAPSHOT.matcher(name)).matches()) {
                    snapshots.put(Long.parseLong(m.group(1)), p);
                } else if (deleteTemporary && name.endsWith(".tmp")) {
                    Files.delete(p); // a snapshot that was never renamed into place
                }
            }
        }
    }

    /** Opens (creating if needed) the log in {@code dir} and replays it. */
    public static DiskStorage open(Path dir, Options options) throws IOException {
        Files.createDirectories(dir);
        // Two servers on one data directory would interleave their logs: refuse.
        FileChannel lockFile = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("data directory " + dir + " is in use by another server");
        }
        ChatLogFile chatLogFile = null;
        try {
            chatLogFile = ChatLogFile.create(dir);
            return openLocked(dir, options, lockFile, chatLogFile);
        } catch (IOException | RuntimeException e) {
            if (chatLogFile != null) {
                chatLogFile.close();
            }
            lockFile.close();
            throw e;
        }
    }

    private static DiskStorage openLocked(Path dir, Options options, FileChannel lockFile, ChatLogFile chatLogFile)
            throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        list(dir, segments, snapshots, true);
        DurableState state = new DurableState();
        DurableState mirror = new DurableState();
        SharedChatLog chatLog = new SharedChatLog(chatLogFile, options.memoryEntries());
        long first = 0;
        if (!snapshots.isEmpty()) {
            Map.Entry<Long, Path> newest = snapshots.lastEntry();
            first = newest.getKey();
            for (DurableRecord r : readSnapshot(newest.getValue(), chatLog)) {
                state.apply(r);
                mirror.apply(r);
            }
            for (Path older : snapshots.headMap(first).values()) {
                Files.deleteIfExists(older);
            }
        }
        // Segments a snapshot covers may be left over from a crash during compaction.
        for (Path covered : segments.headMap(first).values()) {
            Files.deleteIfExists(covered);
        }
        TreeMap<Long, Path> live = new TreeMap<>(segments.tailMap(first, true));
        long replayed = 0;
        boolean cut = false;
        long lastEnd = 0;
        for (var it = live.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Path> e = it.next();
            if (cut) {
                log.warn("storage: deleting {}: it follows a damaged record", e.getValue());
                Files.delete(e.getValue());
                it.remove();
                continue;
            }
            long[] count = new long[1];
            Replay replay = replaySegment(e.getValue(), r -> {
                state.apply(r);
                mirror.apply(r);
                count[0]++;
            }, true);
            cut = replay.damaged();
            lastEnd = replay.end();
            replayed += count[0];
        }
        if (!live.isEmpty() && live.firstKey() != first) {
            // The log must continue exactly where the snapshot ends, or records are missing.
            throw new IOException("storage " + dir + ": segment " + live.firstKey() + " does not follow snapshot "
                    + first + "; refusing to start");
        }
        adoptSnapshotLog(state, mirror, chatLog);
        long current = live.isEmpty() ? first : live.lastKey();
        FileChannel channel = options.opener().open(segmentPath(dir, current));
        // Where the records end, not the file: a preallocated segment goes on with zeros.
        channel.position(live.isEmpty() ? 0 : lastEnd);
        if (live.isEmpty()) {
            forceDirectory(dir);
        }
        DiskStorage storage = new DiskStorage(dir, options, state, mirror, current, channel, chatLog, chatLogFile);
        storage.allocated = channel.size();
        storage.lockFile = lockFile;
        boolean empty = snapshots.isEmpty() && replayed == 0;
        (empty ? log.atDebug() : log.atInfo()).log("storage: opened {}: snapshot {} + {} records, promised {}, {} decided slots", dir,
                snapshots.isEmpty() ? "none" : first, replayed, state.promised(), state.decided().size());
        return storage;
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

    /**
     * Where a segment's records end, and whether they ended in a damaged frame (which is
     * then cut off) rather than at the end of the file or of its records.
     */
    private record Replay(long end, boolean damaged) {
    }

    /**
     * Replays one segment. Zeros from the end of its records to the end of the file are the
     * unused part of a preallocated segment, not damage: a write that reached none of them
     * was never synced, so nothing was released for it, and the next record overwrites them.
     * The parts of a snapshot that end before it is whole are damage too (a torn write):
     * the cut goes where its first part starts.
     */
    private static Replay replaySegment(Path file, java.util.function.Consumer<DurableRecord> sink, boolean repair)
            throws IOException {
        long offset = 0; // where the last whole record ends
        long position = 0; // where the last whole frame ends
        String damage = null;
        RecordCodec.Reader reader = new RecordCodec.Reader();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                Frames.Result r = Frames.read(in);
                if (r instanceof Frames.End) {
                    break;
                }
                if (r instanceof Frames.Damaged d) {
                    damage = d.reason();
                    break;
                }
                byte[] payload = ((Frames.Frame) r).payload();
                try {
                    DurableRecord record = reader.read(payload);
                    position += Frames.HEADER + payload.length;
                    if (record != null) {
                        sink.accept(record);
                        offset = position;
                    }
                } catch (IOException | RuntimeException e) {
                    damage = "undecodable record: " + e.getMessage();
                    break;
                }
            }
        }
        if (reader.unfinished()) {
            damage = "a snapshot's parts end before it is whole" + (damage == null ? "" : " (" + damage + ")");
        } else if (damage == null || zerosFrom(file, offset)) {
            return new Replay(offset, false);
        }
        if (!repair) {
            return new Replay(offset, true);
        }
        long size = Files.size(file);
        log.warn("storage: {} is damaged at offset {} of {} ({}); cutting the log there", file, offset, size, damage);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(offset);
            ch.force(true);
        }
        return new Replay(offset, true);
    }

    /** True if every byte of {@code file} from {@code offset} on is zero. */
    private static boolean zerosFrom(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long at = offset;
            int n;
            while ((n = ch.read(buf.clear(), at)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) != 0) {
                        return false;
                    }
                }
                at += n;
            }
            return true;
        }
    }

    /** @param into the chat log to read the snapshot's entries into, or null to keep them in memory */
    private static List<DurableRecord> readSnapshot(Path file, ChatLog into) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != SNAPSHOT_MAGIC) {
                throw new IOException("storage: " + file + " is not a snapshot");
            }
            long count = in.readLong();
            List<DurableRecord> records = new ArrayList<>();
            RecordCodec.Reader reader = new RecordCodec.Reader(into);
            while (records.size() < count) {
                Frames.Result r = Frames.read(in);
                if (!(r instanceof Frames.Frame f)) {
                    throw new IOException("storage: snapshot " + file + " is damaged at record " + records.size()
                            + ": " + r + "; refusing to start without it");
                }
                DurableRecord record = reader.read(f.payload());
                if (record != null) {
                    records.add(record);
                }
            }
            return records;
        }
    }

    // ---- Storage ---------------------------------------------------------------------------

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
        synchronized (bufferLock) {
            for (DurableRecord r : records) {
                RecordCodec.encode(r, payload -> Frames.write(buffer, payload));
            }
            buffered.addAll(records);
        }
    }

    @Override
    public void sync() {
        synchronized (syncLock) {
            checkNotFailed();
            ByteArrayOutputStream bytes;
            List<DurableRecord> records;
            synchronized (bufferLock) {
                if (buffered.isEmpty()) {
                    return;
                }
                bytes = buffer;
                records = buffered;
                buffer = new ByteArrayOutputStream(Math.max(1 << 16, bytes.size()));
                buffered = new ArrayList<>();
            }
            try {
                ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
                preallocate(b.remaining());
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                throw fail("cannot write segment " + segmentPath(dir, segment), e);
            }
            boolean installed = false;
            for (DurableRecord r : records) {
                mirror.apply(r);
                if (r instanceof DurableRecord.Decided) {
                    decidedSinceSnapshot++;
                } else if (r instanceof DurableRecord.Installed) {
                    installed = true;
                }
            }
            try {
                // A snapshot record (the node compacting, or a peer's snapshot installed) has
                // made the log before it redundant; so, in storage-only mode, do enough
                // decisions since the last snapshot.
                if (installed || options.snapshotEvery() > 0 && decidedSinceSnapshot >= options.snapshotEvery()) {
                    snapshotLocked();
                } else if (channel.position() >= options.segmentBytes()) {
                    roll();
                }
            } catch (IOException | RuntimeException e) {
                throw fail("cannot compact " + dir, e);
            }
        }
    }

    /** Writes a snapshot now (after syncing what is buffered) and drops the segments it covers. */
    public void snapshot() {
        sync();
        synchronized (syncLock) {
            checkNotFailed();
            try {
                snapshotLocked();
            } catch (IOException | RuntimeException e) {
                throw fail("cannot write a snapshot in " + dir, e);
            }
        }
    }

    /**
     * The node's own compaction. Unlike an {@link DurableRecord.Installed} record, the
     * snapshot never goes through the log: the log holds every decision it sums up already,
     * so until its file is in place a restart replays those instead. Only the start of a
     * new segment happens under the sync lock; the whole chat log is encoded and written
     * once, by a thread of its own, while syncs go on. (Through the log it was encoded by
     * the node thread, written twice within a sync that every acknowledgement waited for,
     * and held as one large array: at 256 connections for a minute, p99 1,128 ms and 560-630
     * MB per server against 67 ms and 340-380 MB without snapshots; docs/performance.md.)
     */
    @Override
    public void compactTo(Snapshot snapshot, Runnable whenDurable) {
        compactTo(snapshot, whenDurable, snapshotWriter());
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
                roll();
            } catch (IOException | RuntimeException e) {
                throw fail("cannot start a snapshot in " + dir, e);
            }
            // Everything in segments < covers is in the mirror, the decisions below the
            // snapshot's slot included (the caller synced them), so the snapshot replaces them.
            mirror.install(snapshot);
            covers = segment;
            records = stateRecords(mirror);
            decidedSinceSnapshot = 0;
        }
        writer.execute(() -> {
            try {
                writeSnapshot(covers, records);
            } catch (IOException | RuntimeException e) {
                fail("cannot write a snapshot in " + dir, e); // the next sync throws: the server halts
                return;
            }
            whenDurable.run();
        });
    }

    private synchronized ExecutorService snapshotWriter() {
        if (snapshotWriter == null) {
            snapshotWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "snapshot-writer");
                t.setDaemon(true);
                return t;
            });
        }
        return snapshotWriter;
    }

    private void snapshotLocked() throws IOException {
        roll();
        long covers = segment; // everything in segments < covers is in the mirror
        writeSnapshot(covers, stateRecords(mirror));
        decidedSinceSnapshot = 0;
    }

    /**
     * Writes {@code records}, the state after every record of the segments before
     * {@code covers}, as the snapshot that replaces them, and deletes what it replaces.
     */
    private void writeSnapshot(long covers, List<DurableRecord> records) throws IOException {
        Path tmp = dir.resolve(String.format("snapshot-%016d.snap.tmp", covers));
        Path target = dir.resolve(String.format("snapshot-%016d.snap", covers));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                     Channels.newOutputStream(ch), 1 << 16))) {
            out.writeInt(SNAPSHOT_MAGIC);
            out.writeLong(records.size());
            ByteArrayOutputStream frame = new ByteArrayOutputStream(256);
            for (DurableRecord r : records) {
                RecordCodec.encode(r, payload -> {
                    frame.reset();
                    Frames.write(frame, payload);
                    try {
                        frame.writeTo(out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                Matcher seg = SEGMENT.matcher(name);
                Matcher snap = SNAPSHOT.matcher(name);
                if (seg.matches() && Long.parseLong(seg.group(1)) < covers
                        || snap.matches() && Long.parseLong(snap.group(1)) < covers) {
                    Files.deleteIfExists(p);
                }
            }
        }
        forceDirectory(dir);
    }

    /**
     * Before {@code bytes} more are written: if they would grow the file, first extend it
     * by {@code preallocateBytes} of zeros, so that one sync pays for the size change (and
     * the file system's journal commit that comes with it) and the next ones do not. It is
     * only a matter of speed: zeros after the records read as the end of the log.
     */
    private void preallocate(int bytes) throws IOException {
        long end = channel.position() + bytes;
        if (options.preallocateBytes() <= 0 || end <= allocated) {
            return;
        }
        long target = end + options.preallocateBytes();
        ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
        for (long at = Math.max(allocated, channel.position()); at < target;) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
            at += channel.write(zeros, at);
        }
        allocated = target;
    }

    /** Closes the current segment (already forced) and starts the next. */
    private void roll() throws IOException {
        if (allocated > channel.position()) {
            // Only to give back the unused zeros; if a crash undoes it, they read as the end.
            channel.truncate(channel.position());
        }
        FileChannel next = options.opener().open(segmentPath(dir, segment + 1));
        forceDirectory(dir);
        channel.close();
        channel = next;
        allocated = next.size();
        segment++;
    }

    /** Records that rebuild {@code state} when replayed into an empty DurableState. */
    static List<DurableRecord> stateRecords(DurableState state) {
        List<DurableRecord> records = new ArrayList<>(2 + state.accepted().size() + state.decided().size());
        // The snapshot first: installing it drops votes and decisions below its slot.
        if (!state.snapshot().equals(Snapshot.EMPTY)) {
            records.add(new DurableRecord.Installed(state.snapshot()));
        }
        records.add(new DurableRecord.Promised(state.promised()));
        for (PValue pv : state.accepted().values()) {
            records.add(new DurableRecord.Accepted(pv));
        }
        long base = state.snapshot().slot();
        for (int i = 0; i < state.decided().size(); i++) {
            records.add(new DurableRecord.Decided(base + i, state.decided().get(i)));
        }
        return records;
    }

    @Override
    public boolean failed() {
        return failed;
    }

    @Override
    public boolean durable() {
        return true;
    }

    public Path directory() {
        return dir;
    }

    /** The segment being appended to (for tests and diagnostics). */
    public long currentSegment() {
        synchronized (syncLock) {
            return segment;
        }
    }

    @Override
    public void close() {
        awaitSnapshots();
        synchronized (syncLock) {
            try {
                if (!failed) {
                    sync();
                }
            } catch (StorageFailedException e) {
                // already logged by fail()
            } finally {
                try {
                    channel.close();
                    chatLogFile.close();
                    lockFile.close();
                } catch (IOException e) {
                    log.warn("storage: closing {}: {}", dir, e.toString());
                }
            }
        }
    }

    /** Waits until the snapshots being written are on the disk, and stops their thread. */
    private void awaitSnapshots() {
        ExecutorService writer;
        synchronized (this) {
            writer = snapshotWriter;
        }
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("storage: a snapshot in {} is still being written at close", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets go of the files without syncing what is buffered, as a crash would (tests). */
    void abandon() throws IOException {
        synchronized (syncLock) {
            channel.close();
            chatLogFile.close();
            lockFile.close();
        }
    }

    private StorageFailedException fail(String what, Throwable cause) {
        failed = true;
        failure = cause;
        log.error("storage FAILED: {}: {}; no write will be reported durable any more", what, cause.toString());
        return new StorageFailedException("storage failed: " + what, cause);
    }

    private void checkNotFailed() {
        if (failed) {
            throw new StorageFailedException("storage in " + dir + " failed earlier", failure);
        }
    }

    static Path segmentPath(Path dir, long segment) {
        return dir.resolve(String.format("wal-%016d.log", segment));
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the rename is still atomic.
            if (!"Is a directory".equals(e.getMessage())) {
                throw e;
            }
        }
    }

}
