package paxoschat.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.PValue;
import paxoschat.paxos.Snapshot;

/**
 * The compact binary form of a {@link DurableRecord}: one type byte, then the fields in
 * order with {@link DataOutputStream}'s big-endian numbers and strings as a length-prefixed
 * UTF-8 byte run (not writeUTF: it stops at 64 KiB), encoded and decoded strictly
 * ({@link Utf8}): a string that UTF-8 cannot hold exactly is an error, never a {@code ?}.
 * Framing and checksums are the {@link Frames}' job; this class only encodes payloads. It
 * decodes from byte arrays (a frame's payload), whose {@code available()} is exact, so a
 * count or a length that cannot fit in what is left is refused before anything is allocated
 * for it.
 */
public final class RecordCodec {

    static final byte PROMISED = 1;
    static final byte ACCEPTED = 2;
    static final byte DECIDED = 3;
    static final byte INSTALLED = 4;
    static final byte INSTALLED_PART = 5;
    /** Not a record: the write-ahead log's mark of what was synced ({@link SyncMark}). */
    static final byte SYNC_MARK = 6;

    /**
     * A snapshot's chat log is stored in parts of about this many bytes, each in a frame of
     * its own: a frame may hold at most {@link Frames#MAX_PAYLOAD}, and a chat log of a few
     * hundred thousand messages is larger than that (one frame for it was written, and then
     * refused as damage when read back). Small parts also spare the writer an array the
     * size of the log.
     */
    static final int PART_BYTES = 1 << 20;

    private RecordCodec() {
    }

    public static void write(DataOutputStream out, DurableRecord record) throws IOException {
        if (record instanceof DurableRecord.Promised p) {
            out.writeByte(PROMISED);
            writeBallot(out, p.ballot());
        } else if (record instanceof DurableRecord.Accepted a) {
            out.writeByte(ACCEPTED);
            writeBallot(out, a.pvalue().ballot());
            out.writeLong(a.pvalue().slot());
            writeBatch(out, a.pvalue().value());
        } else if (record instanceof DurableRecord.Decided d) {
            out.writeByte(DECIDED);
            out.writeLong(d.slot());
            writeBatch(out, d.value());
        } else if (record instanceof DurableRecord.Installed i) {
            // A whole snapshot in one payload (type 4): storage writes parts instead (see
            // encode(record, payloads)); this stays the counterpart of what older data
            // directories hold and read() still reads.
            out.writeByte(INSTALLED);
            out.writeLong(i.snapshot().slot());
            out.writeInt(i.snapshot().log().size());
            for (ChatEntry e : i.snapshot().log()) {
                writeEntry(out, e);
            }
        } else {
            throw new IllegalArgumentException("unknown durable record " + record);
        }
    }

    public static DurableRecord read(DataInputStream in) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case PROMISED -> new DurableRecord.Promised(readBallot(in));
            case ACCEPTED -> {
                Ballot ballot = readBallot(in);
                long slot = in.readLong();
                yield new DurableRecord.Accepted(new PValue(ballot, slot, readBatch(in)));
            }
            case DECIDED -> {
                long slot = in.readLong();
                yield new DurableRecord.Decided(slot, readBatch(in));
            }
            case INSTALLED -> {
                long slot = in.readLong();
                int n = in.readInt();
                if (n < 0) {
                    throw new IOException("negative snapshot length " + n);
                }
                List<ChatEntry> log = new ArrayList<>(plausibleCount(in, n, MIN_ENTRY_BYTES));
                for (int k = 0; k < n; k++) {
                    log.add(readEntry(in));
                }
                yield new DurableRecord.Installed(new Snapshot(slot, log));
            }
            default -> throw new IOException("unknown record type " + type);
        };
    }

    /**
     * Encodes {@code record} as the payloads of one or more frames, in order: one payload,
     * or for a snapshot one per part of its chat log (type, slot, entries in all, index of
     * the part's first entry, entries in the part, the entries). {@link Reader} puts them
     * back together.
     */
    public static void encode(DurableRecord record, Consumer<byte[]> payloads) {
        if (!(record instanceof DurableRecord.Installed installed)) {
            payloads.accept(encode(record));
            return;
        }
        Snapshot snapshot = installed.snapshot();
        List<ChatEntry> log = snapshot.log();
        // In order, with an iterator: a chat log's prefix reads its older entries in chunks.
        Iterator<ChatEntry> entries = log.iterator();
        ByteArrayOutputStream part = new ByteArrayOutputStream(PART_BYTES + (1 << 16));
        try (DataOutputStream out = new DataOutputStream(part)) {
            int from = 0;
            do {
                part.reset();
                out.writeByte(INSTALLED_PART);
                out.writeLong(snapshot.slot());
                out.writeInt(log.size());
                out.writeInt(from);
                int countAt = part.size();
                out.writeInt(0); // the count, patched below
                int to = from;
                while (to < log.size() && (to == from || part.size() < PART_BYTES)) {
                    writeEntry(out, entries.next());
                    to++;
                }
                out.flush();
                byte[] payload = part.toByteArray();
                Frames.putInt(payload, countAt, to - from);
                payloads.accept(payload);
                from = to;
            } while (from < log.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeEntry(DataOutputStream out, ChatEntry e) throws IOException {
        out.writeLong(e.seq());
        writeString(out, e.clientId());
        out.writeLong(e.requestId());
        writeString(out, e.sender());
        writeString(out, e.text());
    }

    /** One entry alone, as {@link ChatLogFile} frames it. */
    static byte[] encodeEntry(ChatEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeEntry(out, e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    static ChatEntry decodeEntry(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        ChatEntry e = readEntry(in);
        if (in.available() != 0) {
            throw new IOException(in.available() + " trailing bytes after a chat entry");
        }
        return e;
    }

    static ChatEntry readEntry(DataInputStream in) throws IOException {
        long seq = in.readLong();
        String clientId = readText(in);
        long requestId = in.readLong();
        String sender = readText(in);
        return new ChatEntry(seq, clientId, requestId, sender, readText(in));
    }

    /**
     * Turns the payloads of {@link #encode(DurableRecord, Consumer)} back into records,
     * putting a snapshot's parts together. A part that does not continue the snapshot being
     * put together, or a record before that snapshot is whole, is damage.
     *
     * <p>A snapshot's entries are gathered in memory, or, given a {@link ChatLog} to read
     * them into, appended to it (those it holds already are skipped: logs are prefixes of
     * one another), and the snapshot is then a prefix of that log: a server opening its
     * data directory never holds its whole chat log in memory.
     */
    public static final class Reader {
        private final ChatLog into;
        private long slot;
        private int total;
        private int received;
        private boolean assembling;
        private List<ChatEntry> entries;

        public Reader() {
            this(null);
        }

        public Reader(ChatLog into) {
            this.into = into;
        }

        /** The record {@code payload} completes, or null while a snapshot's parts still come. */
        public DurableRecord read(byte[] payload) throws IOException {
            if (payload.length == 0 || payload[0] != INSTALLED_PART) {
                if (assembling) {
                    throw new IOException("a record before the snapshot in parts was whole");
                }
                return decode(payload);
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            in.readByte();
            long partSlot = in.readLong();
            int partTotal = in.readInt();
            int from = in.readInt();
            int count = in.readInt();
            if (partTotal < 0 || count < 0 || from < 0 || (long) from + count > partTotal) {
                throw new IOException("implausible snapshot part: entries " + from + "+" + count + " of " + partTotal);
            }
            plausibleCount(in, count, MIN_ENTRY_BYTES);
            if (from == 0) {
                slot = partSlot;
                total = partTotal;
                received = 0;
                assembling = true;
                entries = into == null ? new ArrayList<>(count) : null;
            } else if (!assembling || partSlot != slot || partTotal != total || from != received) {
                throw new IOException("snapshot part from entry " + from + " does not continue a snapshot");
            }
            for (int k = 0; k < count; k++) {
                ChatEntry e = readEntry(in);
                if (into == null) {
                    entries.add(e);
                } else if (e.seq() != received + k) {
                    throw new IOException("snapshot entry " + e.seq() + " where " + (received + k) + " belongs");
                } else if (e.seq() >= into.size()) {
                    into.append(e);
                }
            }
            received += count;
            if (in.available() != 0) {
                throw new IOException(in.available() + " trailing bytes after a snapshot part");
            }
            if (received < total) {
                return null;
            }
            assembling = false;
            List<ChatEntry> log = into == null ? entries : into.prefix(total);
            entries = null;
            return new DurableRecord.Installed(new Snapshot(slot, log));
        }

        /** True while a snapshot's parts have begun and not all have come. */
        public boolean unfinished() {
            return assembling;
        }
    }

    public static byte[] encode(DurableRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DurableRecord decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        DurableRecord record = read(in);
        if (in.available() != 0) {
            throw new IOException(in.available() + " trailing bytes after a record");
        }
        return record;
    }

    /** The fewest bytes a command takes: three string lengths and a request id. */
    private static final int MIN_COMMAND_BYTES = 4 + 8 + 4 + 4;
    /** The fewest bytes a chat entry takes: a seq, then a command's. */
    private static final int MIN_ENTRY_BYTES = 8 + MIN_COMMAND_BYTES;

    /**
     * {@code n}, if the rest of the payload can hold that many items of at least
     * {@code minBytes} each. Payloads are byte arrays, so {@code available} is exact: a count
     * that cannot fit is damage, refused before anything is allocated for it.
     */
    private static int plausibleCount(DataInputStream in, int n, int minBytes) throws IOException {
        if (n < 0 || (long) n * minBytes > in.available()) {
            throw new IOException("implausible count " + n + " with " + in.available() + " bytes left");
        }
        return n;
    }

    static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.round());
        out.writeInt(ballot.leader());
    }

    static Ballot readBallot(DataInputStream in) throws IOException {
        return new Ballot(in.readLong(), in.readInt());
    }

    static void writeBatch(DataOutputStream out, Batch batch) throws IOException {
        out.writeInt(batch.commands().size());
        for (Command c : batch.commands()) {
            writeString(out, c.clientId());
            out.writeLong(c.requestId());
            writeString(out, c.sender());
            writeString(out, c.text());
        }
    }

    static Batch readBatch(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("implausible batch size " + n);
        }
        if (n == 0) {
            return Batch.NOOP;
        }
        List<Command> commands = new ArrayList<>(plausibleCount(in, n, MIN_COMMAND_BYTES));
        for (int i = 0; i < n; i++) {
            String clientId = readText(in);
            long requestId = in.readLong();
            String sender = readText(in);
            commands.add(new Command(clientId, requestId, sender, readText(in)));
        }
        return new Batch(commands);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = Utf8.encode(s);
        out.writeInt(b.length);
        out.write(b);
    }

    /** A string no record leaves out (every field of a command and a chat entry). */
    static String readText(DataInputStream in) throws IOException {
        String s = readString(in);
        if (s == null) {
            throw new IOException("a missing string where one is required");
        }
        return s;
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > 16 * 1024 * 1024 || n > in.available()) {
            throw new IOException("implausible string length " + n + " with " + in.available() + " bytes left");
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("short string");
        }
        return Utf8.decode(b);
    }
}
