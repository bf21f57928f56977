package paxoschat.warmstart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One of CRIU's image files of protobuf entries: two 32-bit magic numbers (CRIU's own, then
 * the file kind's), then each entry as its 32-bit length and the encoded message, all little
 * endian. Only for files that hold nothing else, like {@code mm-PID.img} and
 * {@code pagemap-PID.img}.
 */
record CriuImageFile(int kind, List<byte[]> entries) {

    static final int COMMON_MAGIC = 0x54564319;
    static final int MM_MAGIC = 0x57492820;
    static final int PAGEMAP_MAGIC = 0x56084025;

    CriuImageFile {
        entries = List.copyOf(entries);
    }

    /** Reads {@code file}, which must be of the {@code kind} given by its magic number. */
    static CriuImageFile read(Path file, int kind) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 8 || in.getInt() != COMMON_MAGIC) {
            throw new IOException(file + " is not a CRIU image");
        }
        int magic = in.getInt();
        if (magic != kind) {
            throw new IOException(file + " is a CRIU image of kind " + Integer.toHexString(magic)
                    + ", not " + Integer.toHexString(kind));
        }
        List<byte[]> entries = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw new IOException(file + " ends inside an entry's length");
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IOException(file + ": an entry of " + length + " bytes runs past the end");
            }
            byte[] entry = new byte[length];
            in.get(entry);
            entries.add(entry);
        }
        return new CriuImageFile(magic, entries);
    }

    /** Writes this image over {@code file} at once: a reader sees the old file or the new. */
    void write(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : new int[] {COMMON_MAGIC, kind}) {
            out.writeBytes(word.clear().putInt(w).array());
        }
        for (byte[] entry : entries) {
            out.writeBytes(word.clear().putInt(entry.length).array());
            out.writeBytes(entry);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, out.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
