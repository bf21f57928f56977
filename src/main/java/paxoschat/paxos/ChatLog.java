package paxoschat.paxos;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The chat log: entries in seq order, append-only. With a {@link ColdStore} only the newest
 * entries stay in memory and the older ones are read back from the store when asked for,
 * so a server's memory does not grow with its log (disk mode); without one, every entry
 * stays in memory (memory mode, tests, the simulation).
 *
 * <p>One thread appends (the node thread); any thread reads. Since the log only grows, a
 * {@link #prefix} is an immutable view that costs nothing to take: snapshots hold one
 * instead of a copy of the log.
 */
public final class ChatLog {

    /**
     * Where entries go once they leave memory. Its I/O is the adapter's business; the core
     * only hands it whole runs of entries and asks for ranges it holds.
     */
    public interface ColdStore {
        /** Stores {@code entries}, which continue what it holds (their seqs are the next ones). */
        void write(List<ChatEntry> entries);

        /** The entries {@code [from, to)}, all of which it holds. */
        List<ChatEntry> read(long from, long to);
    }

    /** Entries read per step when iterating over entries in the cold store. */
    private static final int READ_CHUNK = 1024;

    private final ColdStore cold;
    /** Entries moved to the cold store at a time, once twice as many are in memory. */
    private final int spillEvery;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Set once the cold store failed to take entries: from then on all stay in memory. */
    private boolean coldFailed;
    /** Entries {@code [0, coldSize)} are in the cold store. */
    private long coldSize;
    /** Entries {@code [coldSize, size)}. */
    private final ArrayList<ChatEntry> warm = new ArrayList<>();

    /** A log that keeps every entry in memory. */
    public ChatLog() {
        this(null, 0);
    }

    /**
     * A log that keeps between {@code spillEvery} and twice as many of its newest entries in
     * memory and the rest in {@code cold}.
     */
    public ChatLog(ColdStore cold, int spillEvery) {
        if (cold != null && spillEvery <= 0) {
            throw new IllegalArgumentException("spillEvery must be positive");
        }
        this.cold = cold;
        this.spillEvery = spillEvery;
    }

    public long size() {
        lock.readLock().lock();
        try {
            return sizeLocked();
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Entries held in memory now (for tests and diagnostics). */
    public int inMemory() {
        lock.readLock().lock();
        try {
            return warm.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public ChatEntry get(long seq) {
        lock.readLock().lock();
        try {
            checkRange(seq, seq + 1);
            if (seq >= coldSize) {
                return warm.get((int) (seq - coldSize));
            }
            return cold.read(seq, seq + 1).get(0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A copy of the entries {@code [from, to)}. */
    public List<ChatEntry> range(long from, long to) {
        lock.readLock().lock();
        try {
            checkRange(from, to);
            List<ChatEntry> result = new ArrayList<>((int) (to - from));
            if (from < coldSize) {
                result.addAll(cold.read(from, Math.min(to, coldSize)));
            }
            if (to > coldSize) {
                result.addAll(warm.subList((int) (Math.max(from, coldSize) - coldSize), (int) (to - coldSize)));
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Appends {@code entry}, whose seq must be {@link #size()}. */
    public void append(ChatEntry entry) {
        lock.writeLock().lock();
        try {
            if (entry.seq() != sizeLocked()) {
                throw new IllegalStateException("entry " + entry.seq() + " appended at " + sizeLocked());
            }
            warm.add(entry);
            if (cold != null && !coldFailed && warm.size() >= 2 * spillEvery) {
                spill();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Write lock held. */
    private void spill() {
        List<ChatEntry> oldest = warm.subList(0, spillEvery);
        try {
            // Written before it leaves memory, so a reader finds every entry somewhere.
            cold.write(List.copyOf(oldest));
        } catch (RuntimeException e) {
            // The store said why. Memory is the worse place for the log, but still a place:
            // the entry is appended, so the replica performing it stays consistent.
            coldFailed = true;
            return;
        }
        oldest.clear();
        coldSize += spillEvery;
    }

    /**
     * The first {@code length} entries as an immutable list. Entries are read when asked
     * for, so iterating over a large prefix reads the cold store in chunks.
     */
    public List<ChatEntry> prefix(long length) {
        if (length < 0 || length > size()) {
            throw new IndexOutOfBoundsException("prefix of " + length + " entries of a log of " + size());
        }
        return new Prefix(this, (int) length);
    }

    /** The whole log as it is now. */
    public List<ChatEntry> all() {
        return prefix(size());
    }

    /** Either lock held. */
    private long sizeLocked() {
        return coldSize + warm.size();
    }

    /** Either lock held. */
    private void checkRange(long from, long to) {
        long size = sizeLocked();
        if (from < 0 || to < from || to > size) {
            throw new IndexOutOfBoundsException("entries [" + from + ", " + to + ") of a log of " + size);
        }
    }

    /** True if {@code list} is a {@link #prefix} of this log. */
    public boolean hasPrefix(List<ChatEntry> list) {
        return list instanceof Prefix p && p.log == this;
    }

    /** True if {@code list} is a prefix of some {@link ChatLog}: immutable already. */
    static boolean isPrefix(List<ChatEntry> list) {
        return list instanceof Prefix;
    }

    /** An immutable view of a log's first {@code size} entries; the log only grows. */
    private static final class Prefix extends AbstractList<ChatEntry> implements RandomAccess {
        private final ChatLog log;
        private final int size;

        Prefix(ChatLog log, int size) {
            this.log = log;
            this.size = size;
        }

        @Override
        public ChatEntry get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("entry " + index + " of " + size);
            }
            return log.get(index);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public List<ChatEntry> subList(int from, int to) {
            if (from == 0) {
                if (to < 0 || to > size) {
                    throw new IndexOutOfBoundsException("sub-list [0, " + to + ") of " + size);
                }
                return new Prefix(log, to);
            }
            return super.subList(from, to);
        }

        @Override
        public Iterator<ChatEntry> iterator() {
            return new Iterator<>() {
                private long next;
                private List<ChatEntry> chunk = List.of();
                private int inChunk;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public ChatEntry next() {
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    if (inChunk == chunk.size()) {
                        chunk = log.range(next, Math.min(size, next + READ_CHUNK));
                        inChunk = 0;
                    }
                    next++;
                    return chunk.get(inChunk++);
                }
            };
        }
    }
}
