package paxoschat.warmstart;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The protocol-buffer wire format, as much of it as reading and rewriting CRIU's image
 * entries takes: a message is a list of fields, each a number, a wire type and a value.
 * Fields come back in the order they were read, and unknown ones are kept as they were, so
 * that a message re-encodes to the same bytes but for what was changed. (A protobuf
 * library on the class path of every server, for one build step, would be more than this.)
 */
final class ProtoWire {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** One field: {@code value} for a varint, {@code bytes} for every other wire type. */
    record Field(int number, int type, long value, byte[] bytes) {

        static Field varint(int number, long value) {
            return new Field(number, VARINT, value, null);
        }

        Field withValue(long newValue) {
            if (type != VARINT) {
                throw new IllegalStateException("field " + number + " is not a varint");
            }
            return varint(number, newValue);
        }
    }

    private ProtoWire() {
    }

    static List<Field> parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < message.length) {
            long key = readVarint(message, at);
            int number = (int) (key >>> 3);
            int type = (int) (key & 7);
            if (number <= 0) {
                throw new IllegalArgumentException("bad field number " + number + " at byte " + at[0]);
            }
            switch (type) {
                case VARINT -> fields.add(Field.varint(number, readVarint(message, at)));
                case FIXED64 -> fields.add(new Field(number, type, 0, take(message, at, 8)));
                case LENGTH_DELIMITED -> {
                    long length = readVarint(message, at);
                    if (length < 0 || length > message.length - at[0]) {
                        throw new IllegalArgumentException("field " + number + " runs past the message");
                    }
                    fields.add(new Field(number, type, 0, take(message, at, (int) length)));
                }
                case FIXED32 -> fields.add(new Field(number, type, 0, take(message, at, 4)));
                default -> throw new IllegalArgumentException("unsupported wire type " + type + " of field " + number);
            }
        }
        return fields;
    }

    static byte[] encode(List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields) {
            writeVarint(out, ((long) f.number() << 3) | f.type());
            if (f.type() == VARINT) {
                writeVarint(out, f.value());
            } else {
                if (f.type() == LENGTH_DELIMITED) {
                    writeVarint(out, f.bytes().length);
                }
                out.writeBytes(f.bytes());
            }
        }
        return out.toByteArray();
    }

    /** The value of the first varint field {@code number}, if there is one. */
    static OptionalLong varint(List<Field> fields, int number) {
        for (Field f : fields) {
            if (f.number() == number && f.type() == VARINT) {
                return OptionalLong.of(f.value());
            }
        }
        return OptionalLong.empty();
    }

    private static long readVarint(byte[] b, int[] at) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= b.length) {
                throw new IllegalArgumentException("varint runs past the message");
            }
            byte next = b[at[0]++];
            result |= (long) (next & 0x7f) << shift;
            if (next >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] take(byte[] b, int[] at, int n) {
        if (n > b.length - at[0]) {
            throw new IllegalArgumentException("field runs past the message");
        }
        byte[] part = Arrays.copyOfRange(b, at[0], at[0] + n);
        at[0] += n;
        return part;
    }
}
