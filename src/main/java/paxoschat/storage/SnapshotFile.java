package paxoschat.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import paxoschat.paxos.ChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.PValue;
import paxoschat.paxos.Snapshot;

/**
 * A snapshot file: the magic {@code PXS1}, a record count, then the framed records that
 * rebuild the durable state (docs/storage.md, "Data layout"). {@code snapshot-N.snap}
 * replaces the segments below N; it is written to a temporary file, forced, and renamed
 * into place, so a crash leaves either the old snapshot with its segments or the new one.
 */
final class SnapshotFile {

    private static final int MAGIC = 0x50585331; // "PXS1"

    private SnapshotFile() {
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

    /**
     * Writes {@code records}, the state after every record of the segments before
     * {@code covers}, as the snapshot that replaces them, and deletes what it replaces.
     */
    static void write(Path dir, long covers, List<DurableRecord> records) throws IOException {
        Path tmp = DataDirectory.temporarySnapshot(dir, covers);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch),
                     1 << 16))) {
            out.writeInt(MAGIC);
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
        Files.move(tmp, DataDirectory.snapshot(dir, covers), StandardCopyOption.ATOMIC_MOVE);
        DataDirectory.force(dir);
        DataDirectory.deleteBelow(dir, covers);
    }

    /**
     * The records of a snapshot file, its chat entries read into {@code into}. Damage here
     * stops the start-up: the file was forced before it was renamed into place, so it is
     * not a torn write, and going on without it would lose state.
     */
    static List<DurableRecord> read(Path file, ChatLog into) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new DamagedStorageException("storage: " + file + " is not a snapshot");
            }
            long count = in.readLong();
            List<DurableRecord> records = new ArrayList<>();
            RecordCodec.Reader reader = new RecordCodec.Reader(into);
            while (records.size() < count) {
                Frames.Result r = Frames.read(in);
                if (!(r instanceof Frames.Frame f)) {
                    throw new DamagedStorageException("storage: snapshot " + file + " is damaged at record "
                            + records.size() + ": " + r + "; refusing to start without it");
                }
                DurableRecord record;
                try {
                    record = reader.read(f.payload());
                } catch (IOException | RuntimeException e) {
                    throw new DamagedStorageException("storage: snapshot " + file + " is damaged at record "
                            + records.size() + ": " + e.getMessage() + "; refusing to start without it");
                }
                if (record != null) {
                    records.add(record);
                }
            }
            return records;
        } catch (EOFException e) {
            throw new DamagedStorageException("storage: snapshot " + file + " ends early; refusing to start without it");
        }
    }
}
