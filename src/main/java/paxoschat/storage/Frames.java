package paxoschat.storage;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * The frame around every stored record: {@code int length}, {@code int crc}, then
 * {@code length} payload bytes, where crc is the CRC32C of the four length bytes followed by
 * the payload. A torn write (short frame), a garbage length and a flipped bit all show up as
 * a frame that does not check out, so a reader never takes a damaged record for a whole one.
 */
public final class Frames {

    /** Header bytes before each payload. */
    public static final int HEADER = 8;
    /** No record is anywhere near this big; a larger length is damage, not data. */
    public static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    private Frames() {
    }

    public static void write(ByteArrayOutputStream out, byte[] payload) {
        byte[] header = new byte[HEADER];
        putInt(header, 0, payload.length);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 4);
        crc.update(payload);
        putInt(header, 4, (int) crc.getValue());
        out.write(header, 0, HEADER);
        out.write(payload, 0, payload.length);
    }

    /** Why reading stopped before the end of the input, or null at a clean end. */
    public sealed interface Result {
    }

    public record Frame(byte[] payload) implements Result {
    }

    public record End() implements Result {
    }

    public record Damaged(String reason) implements Result {
    }

    /**
     * Reads the next frame: a whole, checked frame; {@link End} if the input ends exactly
     * at a frame boundary; {@link Damaged} otherwise (the caller cuts the input there).
     */
    public static Result read(DataInputStream in) throws IOException {
        byte[] header = new byte[HEADER];
        int got = in.readNBytes(header, 0, HEADER);
        if (got == 0) {
            return new End();
        }
        if (got < HEADER) {
            return new Damaged("short header (" + got + " of " + HEADER + " bytes)");
        }
        int length = getInt(header, 0);
        if (length < 0 || length > MAX_PAYLOAD) {
            return new Damaged("bad length " + length);
        }
        byte[] payload = new byte[length];
        int read = in.readNBytes(payload, 0, length);
        if (read < length) {
            return new Damaged("short record (" + read + " of " + length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 4);
        crc.update(payload);
        if ((int) crc.getValue() != getInt(header, 4)) {
            return new Damaged("checksum mismatch");
        }
        return new Frame(payload);
    }

    static int readIntExactly(InputStream in) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new EOFException();
        }
        return getInt(b, 0);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
