package paxoschat.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Batch;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.Command;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.PValue;
import paxoschat.paxos.Snapshot;

/**
 * The compact binary form of a {@link DurableRecord}: one type byte, then the fields in
 * order with {@link DataOutputStream}'s big-endian numbers and strings as a length-prefixed
 * UTF-8 byte run (not writeUTF: it stops at 64 KiB). Framing and checksums are the
 * {@link Frames}' job; this class only encodes payloads.
 */
public final class RecordCodec {

    static final byte PROMISED = 1;
    static final byte ACCEPTED = 2;
    static final byte DECIDED = 3;
    static final byte INSTALLED = 4;

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
            out.writeByte(INSTALLED);
            out.writeLong(i.snapshot().slot());
            out.writeInt(i.snapshot().log().size());
            for (ChatEntry e : i.snapshot().log()) {
                out.writeLong(e.seq());
                writeString(out, e.clientId());
                out.writeLong(e.requestId());
                writeString(out, e.sender());
                writeString(out, e.text());
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
                List<ChatEntry> log = new ArrayList<>(Math.min(n, 1 << 20));
                for (int k = 0; k < n; k++) {
                    long seq = in.readLong();
                    String clientId = readString(in);
                    long requestId = in.readLong();
                    String sender = readString(in);
                    log.add(new ChatEntry(seq, clientId, requestId, sender, readString(in)));
                }
                yield new DurableRecord.Installed(new Snapshot(slot, log));
            }
            default -> throw new IOException("unknown record type " + type);
        };
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
        List<Command> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String clientId = readString(in);
            long requestId = in.readLong();
            String sender = readString(in);
            commands.add(new Command(clientId, requestId, sender, readString(in)));
        }
        return new Batch(commands);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > 16 * 1024 * 1024) {
            throw new IOException("implausible string length " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("short string");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
