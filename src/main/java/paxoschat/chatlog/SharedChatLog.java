package paxoschat.chatlog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;

/**
 * The node's chat log as a server holds it: the node thread appends, request threads read
 * (GET /chatlog, answers to retries) at the same time. With a {@link ColdStore} only the
 * newest entries stay in memory and older ones are read back from the store when asked
 * for, so a server's memory does not grow with its log (disk mode); without one, every
 * entry stays in memory (memory mode).
 */
public final class SharedChatLog implements ChatLog {

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
    public SharedChatLog() {
        this(null, 0);
    }

    /**
     * A log that keeps between {@code spillEvery} and twice as many of its newest entries in
     * memory and the rest in {@code cold}.
     */
    public SharedChatLog(ColdStore cold, int spillEvery) {
        if (cold != null && spillEvery <= 0) {
            throw new IllegalArgumentException("spillEvery must be positive");
        }
        this.cold = cold;
        this.spillEvery = spillEvery;
    }

    @Override
    public long size() {
        lock.readLock().lock();
        try {
            return sizeLocked();
        } finally {
            lock.readLock().unlock();
        }
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

    @Override
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

    @Override
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

    @Override
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
}
