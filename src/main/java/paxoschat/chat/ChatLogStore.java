package paxoschat.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.springframework.stereotype.Component;

import paxoschat.paxos.ChatEntry;
import paxoschat.server.PerformedSink;

/**
 * The chat log as request threads see it: the node thread appends performed entries, any
 * thread reads. Append-only under a read-write lock; long polls wait on a future that each
 * append completes and replaces.
 */
@Component
public class ChatLogStore implements PerformedSink {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<ChatEntry> entries = new ArrayList<>();
    private CompletableFuture<Void> appended = new CompletableFuture<>();

    /** Entries from {@code from}, at most {@code limit}; where to read next; the log's length then. */
    public record Slice(List<ChatEntry> entries, long next, long length) {
    }

    @Override
    public void append(List<ChatEntry> performed) {
        CompletableFuture<Void> signal;
        lock.writeLock().lock();
        try {
            for (ChatEntry e : performed) {
                if (e.seq() != entries.size()) {
                    throw new IllegalStateException("entry " + e.seq() + " appended at " + entries.size());
                }
                entries.add(e);
            }
            signal = appended;
            appended = new CompletableFuture<>();
        } finally {
            lock.writeLock().unlock();
        }
        signal.complete(null);
    }

    public Slice read(long from, int limit) {
        lock.readLock().lock();
        try {
            int size = entries.size();
            int start = (int) Math.min(from, size);
            int end = (int) Math.min((long) start + limit, size);
            // next never goes below from, so a client that polls from = next never re-reads.
            return new Slice(List.copyOf(entries.subList(start, end)), Math.max(from, end), size);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long length() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Completes once the log has an entry at {@code seq} (at once if it has). */
    public CompletableFuture<Void> awaitEntry(long seq) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        watch(seq, result);
        return result;
    }

    /** Re-arms on every append until the entry exists or the waiter gave up (timed out). */
    private void watch(long seq, CompletableFuture<Void> result) {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<Void> signal;
        lock.readLock().lock();
        try {
            if (entries.size() > seq) {
                result.complete(null);
                return;
            }
            signal = appended;
        } finally {
            lock.readLock().unlock();
        }
        signal.thenRun(() -> watch(seq, result));
    }
}
