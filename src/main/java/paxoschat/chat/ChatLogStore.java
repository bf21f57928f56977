package paxoschat.chat;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.springframework.stereotype.Component;

import paxoschat.node.PerformedSink;
import paxoschat.paxos.ChatEntry;
import paxoschat.paxos.ChatLog;

/**
 * The chat log as request threads see it: the node's {@link ChatLog} up to the last entry
 * the node thread has appended here (an entry is in the log before it is appended here, and
 * shows once its performing is complete). Long polls wait on a future that each append
 * completes and replaces.
 */
@Component
public class ChatLogStore implements PerformedSink {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The node's log, attached when the node is made; empty until then. */
    private ChatLog log = ChatLog.inMemory();
    private long length;
    private CompletableFuture<Void> appended = new CompletableFuture<>();

    /** Entries from {@code from}, at most {@code limit}; where to read next; the log's length then. */
    public record Slice(List<ChatEntry> entries, long next, long length) {
    }

    @Override
    public void attach(ChatLog nodeLog) {
        CompletableFuture<Void> signal;
        lock.writeLock().lock();
        try {
            if (length > 0) {
                throw new IllegalStateException("a chat log is attached once, before any entry is appended");
            }
            log = nodeLog;
            length = nodeLog.size();
            signal = appended;
            appended = new CompletableFuture<>();
        } finally {
            lock.writeLock().unlock();
        }
        signal.complete(null);
    }

    @Override
    public void append(List<ChatEntry> performed) {
        CompletableFuture<Void> signal;
        lock.writeLock().lock();
        try {
            long held = log.size();
            for (ChatEntry e : performed) {
                if (e.seq() != length || e.seq() >= held) {
                    throw new IllegalStateException("entry " + e.seq() + " appended at " + length + " of a log of "
                            + held);
                }
                length++;
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
            long start = Math.min(from, length);
            long end = Math.min(start + limit, length);
            // next never goes below from, so a client that polls from = next never re-reads.
            return new Slice(Collections.unmodifiableList(log.range(start, end)), Math.max(from, end), length);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long length() {
        lock.readLock().lock();
        try {
            return length;
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
            if (length > seq) {
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
