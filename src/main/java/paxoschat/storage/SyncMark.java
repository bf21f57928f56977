package paxoschat.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * What tells a torn tail from damage (docs/storage.md, "What was synced"). Every write of
 * the log begins with a mark: a frame that names its segment and its own offset. A write
 * starts only after the previous one was forced, so a mark at offset p says that every
 * byte before p was on the disk. A bad frame before some mark is therefore damage to
 * records that were synced, and perhaps revealed (a promise, a vote), never a crash's torn
 * write; a bad frame after the last mark is the tail that the crash tore.
 *
 * <p>The mark after the last write comes with the next write, or, when the log then falls
 * quiet, as a write of its own ({@link DiskStorage#seal}).
 */
final class SyncMark {

    /** Type, segment, offset. */
    static final int PAYLOAD = 1 + 8 + 8;
    static final int FRAME = Frames.HEADER + PAYLOAD;

    private SyncMark() {
    }

    /** The frame of the mark at {@code offset} of segment {@code segment}. */
    static byte[] frame(long segment, long offset) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD).put(RecordCodec.SYNC_MARK).putLong(segment).putLong(offset);
        ByteArrayOutputStream out = new ByteArrayOutputStream(FRAME);
        Frames.write(out, payload.array());
        return out.toByteArray();
    }

    /** True if {@code payload} is a mark (whether or not it is in its place). */
    static boolean is(byte[] payload) {
        return payload.length == PAYLOAD && payload[0] == RecordCodec.SYNC_MARK;
    }

    /** True if {@code payload} is the mark of segment {@code segment} at {@code offset}. */
    static boolean marks(byte[] payload, long segment, long offset) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        return is(payload) && b.getLong(1) == segment && b.getLong(9) == offset;
    }

    /**
     * The offset of the first whole, checked mark of segment {@code segment} in its place
     * at or after {@code from} in {@code file}, or -1. It looks at every offset, since the
     * frames after damage cannot be followed one by one: a stray match needs a CRC32C
     * collision as well as the right type, length, segment and offset.
     */
    static long findFrom(Path file, long segment, long from) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (from < 0 || size - from < FRAME) {
                return -1;
            }
            // Mapped, not read: a segment may be larger than the heap of a small server.
            long step = 1L << 30;
            for (long base = from; base <= size - FRAME; base += step) {
                long length = Math.min(size - base, step + FRAME);
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, base, length);
                int last = (int) Math.min(length - FRAME, step - 1);
                for (int at = 0; at <= last; at++) {
                    if (map.getInt(at) == PAYLOAD && map.get(at + Frames.HEADER) == RecordCodec.SYNC_MARK
                            && map.getLong(at + Frames.HEADER + 1) == segment
                            && map.getLong(at + Frames.HEADER + 9) == base + at && checks(map, at)) {
                        return base + at;
                    }
                }
            }
            return -1;
        }
    }

    private static boolean checks(MappedByteBuffer map, int at) {
        byte[] frame = new byte[FRAME];
        map.get(at, frame);
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, 4);
        crc.update(frame, Frames.HEADER, PAYLOAD);
        return (int) crc.getValue() == Frames.getInt(frame, 4);
    }
}
