package paxoschat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import paxoschat.chatlog.ColdStore;
import paxoschat.chatlog.SharedChatLog;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;
import paxoschat.paxos.DurableRecord;
import paxoschat.paxos.DurableState;
import paxoschat.paxos.Snapshot;

/**
 * The in-memory twin for memory mode: it keeps nothing, so a restart starts empty (and the
 * server then restarts as an amnesiac that must recover before voting).
 *
 * <p>Nothing survives a crash, but the chat log still need not all be in memory: made with
 * {@link #spilling}, its older entries go to a file that is unlinked as soon as it is made
 * (so no crash leaves it behind, and no restart reads it), and a server's memory does not
 * grow with its log in this mode either.
 */
public final class MemoryStorage implements Storage {

    private final SpillFile spill;
    private final int memoryEntries;

    /** Every chat entry in memory (tests, the simulation). */
    public MemoryStorage() {
        this(null, 0);
    }

    private MemoryStorage(SpillFile spill, int memoryEntries) {
        this.spill = spill;
        this.memoryEntries = memoryEntries;
    }

    /**
     * The chat log keeps between {@code memoryEntries} and twice as many of its newest
     * entries in memory, the older ones in an unlinked file in {@code dir}, made when first
     * needed.
     */
    public static MemoryStorage spilling(Path dir, int memoryEntries) {
        return new MemoryStorage(new SpillFile(dir), memoryEntries);
    }

    @Override
    public DurableState recovered() {
        return new DurableState();
    }

    @Override
    public ChatLog chatLog() {
        return spill == null ? new SharedChatLog() : new SharedChatLog(spill, memoryEntries);
    }

    @Override
    public void append(List<DurableRecord> records) {
    }

    @Override
    public void sync() {
    }

    /** Nothing here survives a crash, so a snapshot is as durable as it gets at once. */
    @Override
    public void compactTo(Snapshot snapshot, Runnable whenDurable) {
        whenDurable.run();
    }

    @Override
    public boolean failed() {
        return false;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        if (spill != null) {
            spill.close();
        }
    }

    /** A {@link ChatLogFile} that is made, unlinked, on the first write. */
    private static final class SpillFile implements ColdStore {
        private final Path dir;
        private ChatLogFile file;

        SpillFile(Path dir) {
            this.dir = dir;
        }

        @Override
        public void write(List<ChatEntry> entries) {
            if (file == null) {
                try {
                    file = ChatLogFile.createUnlinked(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot make a file for older chat entries in " + dir, e);
                }
            }
            file.write(entries);
        }

        @Override
        public List<ChatEntry> read(long from, long to) {
            return file.read(from, to);
        }

        void close() {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    // nothing to keep: the file was unlinked at birth
                }
            }
        }
    }
}
