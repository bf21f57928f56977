package paxoschat.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import paxoschat.chatlog.ColdStore;
import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatEntry;

/**
 * The older part of a disk-mode server's chat log, in a file of the data directory, so that
 * a server's memory does not grow with its log. It is a cache, not a record: the snapshot
 * and the write-ahead log say what the log is, so the file is never synced, and it is made
 * anew from them at every start. An index of where every {@value #STRIDE}th entry begins
 * (8 bytes per {@value #STRIDE} entries) finds an entry with one read.
 *
 * <p>Each entry is a checked frame ({@link Frames}): the file feeds snapshots, catch-up and
 * {@code GET /chatlog}, so a flipped bit here must not pass for a message. A read that
 * meets a frame that does not check out fails, naming the file and offset, rather than
 * hand on what is not in the log (on the node thread or the snapshot writer, that stops the
 * server; a restart makes the file anew from the snapshot and the log).
 *
 * <p>Not thread-safe on its own: {@link SharedChatLog} calls it under its lock, writes exclusive.
 */
final class ChatLogFile implements ColdStore, Closeable {

    static final String NAME = "chatlog.cache";
    private static final Logger log = LoggerFactory.getLogger(ChatLogFile.class);
    private static final int STRIDE = 64;

    private final Path path;
    private final FileChannel channel;
    /** Bytes written. */
    private long end;
    /** Entries written. */
    private long count;
    /** offsets[k]: where entry k * STRIDE begins. */
    private long[] offsets = new long[256];

    private ChatLogFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates the file in {@code dir}, empty (whatever an earlier run left there goes). */
    static ChatLogFile create(Path dir) throws IOException {
        Path path = dir.resolve(NAME);
        return new ChatLogFile(path, FileChannel.open(path, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /**
     * Creates a file of its own in {@code dir} and unlinks it at once: memory mode's cold
     * store, which nothing may read after the process is gone, and which a crash (SIGKILL)
     * must not leave behind. The open channel keeps it until it is closed.
     */
    static ChatLogFile createUnlinked(Path dir) throws IOException {
        Path path = Files.createTempFile(dir, "paxos-chatlog-", ".cache");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Files.delete(path);
        return new ChatLogFile(path, channel);
    }

    @Override
    public void write(List<ChatEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (entries.get(0).seq() != count) {
            throw new IllegalArgumentException("entry " + entries.get(0).seq() + " written after " + count);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 104);
        for (ChatEntry e : entries) {
            if (e.seq() % STRIDE == 0) {
                int k = (int) (e.seq() / STRIDE);
                if (k == offsets.length) {
                    offsets = Arrays.copyOf(offsets, offsets.length * 2);
                }
                offsets[k] = end + bytes.size();
            }
            Frames.write(bytes, RecordCodec.encodeEntry(e));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        try {
            for (long at = end; buffer.hasRemaining();) {
                at += channel.write(buffer, at);
            }
        } catch (IOException e) {
            log.error("storage: cannot write {}: {}; older chat entries stay in memory", path, e.toString());
            throw new UncheckedIOException(e);
        }
        end += buffer.capacity();
        count += entries.size();
    }

    @Override
    public List<ChatEntry> read(long from, long to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException("entries [" + from + ", " + to + ") of " + count + " in " + path);
        }
        if (from == to) {
            return List.of();
        }
        int firstBlock = (int) (from / STRIDE);
        long lastBlock = (to - 1) / STRIDE + 1;
        long start = offsets[firstBlock];
        long stop = lastBlock * STRIDE < count ? offsets[(int) lastBlock] : end;
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(stop - start));
        try {
            for (long at = start; buffer.hasRemaining();) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new IOException("unexpected end of file at " + at);
                }
                at += n;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.array()));
            List<ChatEntry> entries = new ArrayList<>((int) (to - from));
            for (long seq = (long) firstBlock * STRIDE; seq < to; seq++) {
                long at = start + buffer.capacity() - in.available();
                if (!(Frames.read(in) instanceof Frames.Frame frame)) {
                    throw new IOException("damaged at offset " + at + " (entry " + seq + ")");
                }
                ChatEntry e = RecordCodec.decodeEntry(frame.payload());
                if (e.seq() != seq) {
                    throw new IOException("entry " + e.seq() + " at offset " + at + " where " + seq + " belongs");
                }
                if (seq >= from) {
                    entries.add(e);
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chat entries [" + from + ", " + to + ") from " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
