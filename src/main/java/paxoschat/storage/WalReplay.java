package paxoschat.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.paxos.DurableRecord;

/**
 * Replays one segment of the write-ahead log and repairs its tail. The first frame that
 * does not check out (short, bad length, bad checksum, undecodable) ends the records. What
 * it is depends on what was synced ({@link SyncMark}): in a segment before the last, or
 * before a mark of the last, it is damage to records that were on the disk, and replay
 * stops with {@link DamagedStorageException} naming the file and offset; after the last
 * mark of the last segment it is the tail a crash tore, and the segment is cut there with a
 * warning. Zeros from the end of the records to the end of the file are neither: they are
 * the unused part of a preallocated segment ({@link WalWriter}), and the log goes on there.
 */
final class WalReplay {

    private static final Logger log = LoggerFactory.getLogger(WalReplay.class);

    /** Where a segment's records end, and whether a torn tail was cut off there. */
    record Result(long end, boolean cut) {
    }

    private WalReplay() {
    }

    /**
     * Hands every whole record of {@code file}, segment {@code segment}, to {@code sink} in
     * order. {@code last}: it is the last segment, the only one a crash can have torn. A
     * write that reached none of the zeros after the records was never synced, so nothing
     * was released for it, and the next record overwrites them. The parts of a snapshot
     * that end before it is whole are a torn write too: the cut goes where its first part
     * starts.
     */
    static Result replay(Path file, long segment, boolean last, Consumer<DurableRecord> sink) throws IOException {
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
                if (SyncMark.is(payload)) {
                    if (!SyncMark.marks(payload, segment, position) || reader.unfinished()) {
                        damage = "a sync mark out of place";
                        break;
                    }
                    position += Frames.HEADER + payload.length;
                    offset = position;
                    continue;
                }
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
            return new Result(offset, false);
        }
        long size = Files.size(file);
        if (!last) {
            throw new DamagedStorageException(file, offset, size, damage,
                    "a later segment exists, so this one was synced whole");
        }
        long mark = SyncMark.findFrom(file, segment, offset + 1);
        if (mark >= 0) {
            throw new DamagedStorageException(file, offset, size, damage,
                    "a sync mark at offset " + mark + " says the records before it were on the disk");
        }
        log.warn("storage: {} is torn at offset {} of {} ({}), after its last sync; cutting the log there", file,
                offset, size, damage);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(offset);
            ch.force(true);
        }
        return new Result(offset, true);
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
}
