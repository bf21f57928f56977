package paxoschat.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import paxoschat.paxos.DurableRecord;

/**
 * The segment of the write-ahead log being appended to. {@link #append} encodes records
 * into a memory buffer (node thread); {@link #writeBuffered} writes the whole buffer and
 * forces it with one {@link FileChannel#force} (the syncing thread). With
 * {@code preallocateBytes} set, a write that would grow the file first extends it with that
 * many zeros, so that most syncs leave the file's size alone: an fdatasync without a
 * metadata commit (docs/storage.md, bench/fsync).
 *
 * <p>Threads: append may run while a sync writes; everything else is the syncing thread's,
 * which the caller serializes.
 */
final class WalWriter {

    private final Path dir;
    private final DiskStorage.ChannelOpener opener;
    private final long preallocateBytes;

    private final Object bufferLock = new Object();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private List<DurableRecord> buffered = new ArrayList<>();

    private long segment;
    private FileChannel channel;
    /** The current segment file's size, zeros past the records included. */
    private long allocated;
    /** Records were written since the last mark: no mark says yet that they were synced. */
    private boolean unsealed;

    /** Goes on with segment {@code segment} at {@code end}, where its records end. */
    WalWriter(Path dir, DiskStorage.ChannelOpener opener, long preallocateBytes, long segment, long end)
            throws IOException {
        this.dir = dir;
        this.opener = opener;
        this.preallocateBytes = preallocateBytes;
        this.segment = segment;
        this.channel = opener.open(DataDirectory.segment(dir, segment));
        // Where the records end, not the file: a preallocated segment goes on with zeros.
        channel.position(end);
        this.allocated = channel.size();
    }

    /**
     * Buffers {@code records}, all or none: one that does not encode (a string UTF-8 cannot
     * hold exactly) throws, and leaves nothing of the others behind to be written.
     */
    void append(List<DurableRecord> records) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(256);
        for (DurableRecord r : records) {
            RecordCodec.encode(r, payload -> Frames.write(encoded, payload));
        }
        synchronized (bufferLock) {
            buffer.write(encoded.toByteArray(), 0, encoded.size());
            buffered.addAll(records);
        }
    }

    /**
     * Writes and forces everything appended so far, after a {@link SyncMark} of where the
     * write begins; returns those records (none if nothing was appended, and then writes
     * nothing).
     */
    List<DurableRecord> writeBuffered() throws IOException {
        ByteArrayOutputStream bytes;
        List<DurableRecord> records;
        synchronized (bufferLock) {
            if (buffered.isEmpty()) {
                return List.of();
            }
            bytes = buffer;
            records = buffered;
            buffer = new ByteArrayOutputStream(Math.max(1 << 16, bytes.size()));
            buffered = new ArrayList<>();
        }
        write(bytes.toByteArray());
        unsealed = true;
        return records;
    }

    /**
     * Writes a mark alone, if records were written since the last one, and forces it: the
     * records before it then read as synced, whatever happens later (see {@link SyncMark}).
     */
    void seal() throws IOException {
        if (unsealed) {
            write(new byte[0]);
            unsealed = false;
        }
    }

    /** Writes a mark of where it begins, then {@code records}, and forces them. */
    private void write(byte[] records) throws IOException {
        ByteBuffer mark = ByteBuffer.wrap(SyncMark.frame(segment, channel.position()));
        ByteBuffer b = ByteBuffer.wrap(records);
        preallocate(mark.remaining() + b.remaining());
        ByteBuffer[] both = {mark, b};
        while (b.hasRemaining() || mark.hasRemaining()) {
            channel.write(both);
        }
        channel.force(false);
    }

    /**
     * Before {@code bytes} more are written: if they would grow the file, first extend it
     * by {@code preallocateBytes} of zeros, so that one sync pays for the size change (and
     * the file system's journal commit that comes with it) and the next ones do not. It is
     * only a matter of speed: zeros after the records read as the end of the log.
     */
    private void preallocate(int bytes) throws IOException {
        long end = channel.position() + bytes;
        if (preallocateBytes <= 0 || end <= allocated) {
            return;
        }
        long target = end + preallocateBytes;
        ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
        for (long at = Math.max(allocated, channel.position()); at < target;) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
            at += channel.write(zeros, at);
        }
        allocated = target;
    }

    /** Closes the current segment (already forced) and starts the next. */
    void roll() throws IOException {
        if (allocated > channel.position()) {
            // Only to give back the unused zeros; if a crash undoes it, they read as the end.
            channel.truncate(channel.position());
        }
        FileChannel next = opener.open(DataDirectory.segment(dir, segment + 1));
        DataDirectory.force(dir);
        channel.close();
        channel = next;
        allocated = next.size();
        segment++;
        // A segment before the last was forced whole: replay knows that without a mark.
        unsealed = false;
    }

    /** The number of the segment being appended to. */
    long segment() {
        return segment;
    }

    /** Bytes of records in the current segment. */
    long position() throws IOException {
        return channel.position();
    }

    Path path() {
        return DataDirectory.segment(dir, segment);
    }

    /** Closes the segment; what is buffered and not written is lost, as in a crash. */
    void close() throws IOException {
        channel.close();
    }
}
